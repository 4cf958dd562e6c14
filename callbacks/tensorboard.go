package callbacks

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/neurite/neurite/tensorboard"
)

// TensorBoard writes event files that the TensorBoard tool displays, as
// Keras's keras.callbacks.TensorBoard does, laid out as Keras lays them
// out:
//
//	<LogDir>/train/       epoch_loss, epoch_<metric>, epoch_learning_rate,
//	                      batch_loss, batch_<metric> (UpdateFreq > 0),
//	                      <layer>/<weight>_0/histogram (HistogramFreq > 0)
//	<LogDir>/validation/  epoch_loss, epoch_<metric> (the val_ logs without
//	                      the prefix), evaluation_<name>_vs_iterations
//
// Epoch summaries use the epoch index as step (0-based, as Keras). Batch
// summaries and evaluation_<name>_vs_iterations use the number of training
// batches run so far by this callback (Keras's optimizer.iterations; the
// first batch is step 1). Scalars are written as float32 simple_value
// summaries, so they read back rounded to float32. Files are created when
// first needed, flushed at the end of every epoch and closed at the end of
// training; a later Fit with the same callback starts new files, as Keras
// does.
//
// The learning rate is written at every epoch as epoch_learning_rate when
// the model has one (as Keras 3 does; Keras 2 writes it only for learning
// rate schedules), unless the logs already hold a "learning_rate" entry,
// which is then written as epoch_learning_rate instead.
//
// Keras's write_graph, write_images, write_steps_per_second, profile_batch
// and embeddings options are not implemented.
//
// Without a model (SetModel not called) the logs are still written but the
// learning rate is not, and HistogramFreq > 0 is an error.
//
// The callback prints nothing. Callback events cannot return errors, so the
// first error (a bad setting, a file that cannot be written) is kept, the
// callback writes nothing more, and [TensorBoard.Err] returns it; check it
// after Fit.
type TensorBoard struct {
	Base
	// LogDir is the folder the run folders are written to (Keras's
	// log_dir). The zero value means "logs", Keras's default.
	LogDir string
	// HistogramFreq, if positive, writes a histogram of every weight of the
	// model at the end of epochs 0, HistogramFreq, 2·HistogramFreq, …
	// (Keras's histogram_freq: epoch % histogram_freq == 0). Tags are
	// Keras 2's: the weight name with ":0" written "_0", and "/histogram"
	// appended ("dense/kernel_0/histogram"). A weight holding NaN or ±Inf
	// is left out that epoch. The zero value, Keras's default, writes none.
	HistogramFreq int
	// UpdateFreq, if positive, also writes the batch-level logs (running
	// means over the epoch so far) as batch_loss and batch_<metric> every
	// UpdateFreq training batches, when the batch count is a multiple of
	// it (Keras's integer update_freq; Keras's "batch" is 1). The zero
	// value is Keras's default "epoch": epoch summaries only.
	UpdateFreq int

	now        func() time.Time // clock for wall times (time.Now if nil)
	err        error
	train, val *tensorboard.Writer
	iterations int64 // training batches run
	training   bool
}

// Err returns the first error the callback met, or nil.
func (c *TensorBoard) Err() error { return c.err }

// logDir returns LogDir or its default.
func (c *TensorBoard) logDir() string {
	if c.LogDir == "" {
		return "logs"
	}
	return c.LogDir
}

// fail keeps the first error.
func (c *TensorBoard) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

// wallTime reads the clock.
func (c *TensorBoard) wallTime() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// writer returns the train or validation writer, opening it on first use;
// nil after an error.
func (c *TensorBoard) writer(validation bool) *tensorboard.Writer {
	if c.err != nil {
		return nil
	}
	w, run := &c.train, "train"
	if validation {
		w, run = &c.val, "validation"
	}
	if *w == nil {
		nw, err := tensorboard.NewWriter(filepath.Join(c.logDir(), run))
		if err != nil {
			c.fail(fmt.Errorf("callbacks: TensorBoard: LogDir %q: %w", c.logDir(), err))
			return nil
		}
		*w = nw
	}
	return *w
}

// scalar writes one scalar to the train or validation run.
func (c *TensorBoard) scalar(validation bool, tag string, step int64, v float64) {
	if w := c.writer(validation); w != nil {
		c.fail(w.AddScalar(tag, step, v, c.wallTime()))
	}
}

// OnTrainBegin checks the settings.
func (c *TensorBoard) OnTrainBegin(*Logs) {
	c.training = true
	switch {
	case c.HistogramFreq < 0:
		c.fail(fmt.Errorf("callbacks: TensorBoard: HistogramFreq must not be negative, got %d", c.HistogramFreq))
	case c.UpdateFreq < 0:
		c.fail(fmt.Errorf("callbacks: TensorBoard: UpdateFreq must not be negative, got %d", c.UpdateFreq))
	}
}

// OnTrainBatchEnd counts the batch and writes the batch-level logs every
// UpdateFreq batches.
func (c *TensorBoard) OnTrainBatchEnd(_ int, logs *Logs) {
	c.iterations++
	if c.UpdateFreq <= 0 || c.iterations%int64(c.UpdateFreq) != 0 {
		return
	}
	for i := 0; i < logs.Len() && c.err == nil; i++ {
		k, v := logs.At(i)
		c.scalar(false, "batch_"+k, c.iterations, v)
	}
}

// OnEpochEnd writes the epoch's train and validation logs, the learning
// rate and, every HistogramFreq epochs, the weight histograms, and flushes
// the files.
func (c *TensorBoard) OnEpochEnd(epoch int, logs *Logs) {
	step := int64(epoch)
	if logs.Len() > 0 {
		for i := 0; i < logs.Len(); i++ {
			if k, v := logs.At(i); !strings.HasPrefix(k, "val_") {
				c.scalar(false, "epoch_"+k, step, v)
			}
		}
		if _, has := logs.Get("learning_rate"); !has && c.Model != nil {
			if lr, ok := c.Model.LearningRate(); ok {
				c.scalar(false, "epoch_learning_rate", step, lr)
			}
		}
		for i := 0; i < logs.Len(); i++ {
			if k, v := logs.At(i); strings.HasPrefix(k, "val_") {
				c.scalar(true, "epoch_"+strings.TrimPrefix(k, "val_"), step, v)
			}
		}
	}
	if c.HistogramFreq > 0 && epoch%c.HistogramFreq == 0 {
		c.histograms(step)
	}
	c.flush()
}

// histograms writes a histogram of every weight.
func (c *TensorBoard) histograms(step int64) {
	if c.Model == nil {
		c.fail(errNoModel("TensorBoard (HistogramFreq > 0)"))
		return
	}
	names, weights := c.Model.WeightNames(), c.Model.WeightValues()
	for i, w := range weights {
		if i >= len(names) || c.err != nil {
			return
		}
		values := w.Values()
		if !allFinite(values) {
			continue
		}
		if tw := c.writer(false); tw != nil {
			c.fail(tw.AddHistogram(names[i]+"_0/histogram", step, values, c.wallTime()))
		}
	}
}

// allFinite reports whether no value is NaN or infinite.
func allFinite(vs []float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// OnTestEnd writes the evaluation's logs to the validation run as
// evaluation_<name>_vs_iterations at the current training batch count, as
// Keras 2 does when the model has an optimizer. Outside Fit (Evaluate with
// this callback), the files are closed afterwards.
func (c *TensorBoard) OnTestEnd(logs *Logs) {
	if c.Model != nil {
		if _, ok := c.Model.LearningRate(); ok {
			for i := 0; i < logs.Len(); i++ {
				k, v := logs.At(i)
				c.scalar(true, "evaluation_"+k+"_vs_iterations", c.iterations, v)
			}
		}
	}
	if c.training {
		c.flush()
	} else {
		c.close()
	}
}

// OnTrainEnd closes the files.
func (c *TensorBoard) OnTrainEnd(*Logs) {
	c.training = false
	c.close()
}

// flush flushes the open files.
func (c *TensorBoard) flush() {
	for _, w := range []*tensorboard.Writer{c.train, c.val} {
		if w != nil && c.err == nil {
			c.fail(w.Flush())
		}
	}
}

// close closes the open files, keeping the first error.
func (c *TensorBoard) close() {
	for _, w := range []**tensorboard.Writer{&c.train, &c.val} {
		if *w != nil {
			err := (*w).Close()
			if c.err == nil {
				c.fail(err)
			}
			*w = nil
		}
	}
}
