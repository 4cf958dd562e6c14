package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/neurite/neurite/saving"
)

// ModelCheckpoint saves the model's weights during training, as Keras's
// ModelCheckpoint (tf_keras 2.16 semantics).
//
// Filepath may hold Python-style fields filled at each save, as Keras
// formats it with str.format: {epoch} (numbered from 1, as in Keras's file
// names), {batch} (from 1, only when SaveFreq counts batches) and any key
// of the logs, e.g. "weights.{epoch:02d}-{val_loss:.2f}.safetensors". The
// supported specs are [0][width][.precision][type] with type d, f, e, g or
// %; a plain {loss} is Python's repr of the value ("0.25", "1e-05").
//
// With SaveBestOnly, a file is written only when the monitored value beats
// the best seen so far (strictly: greater in "max" mode, less in "min"
// mode); if the value is missing from the logs, Keras warns and skips the
// save, and so does ModelCheckpoint (see Warn and Warnings). As in Keras, the best
// value is kept across Fit calls.
//
// As in Keras, the whole model is saved by default (Keras's
// save_weights_only=False): the model file of models.Model's Save
// (architecture, weights, optimizer state, random streams), which
// models.Load reads back and models.Model's Restore loads into a model;
// name it "….neurite" (or "….keras"). With SaveWeightsOnly, or when the
// file name ends in ".safetensors" (the name says which file it is, as
// Keras's ".weights.h5" does), only the weights are saved: a safetensors
// file (package saving) that LoadWeights reads back. A model that cannot
// save itself whole (it has no Save method, see ModelSaver) is an error
// unless weights only are asked for. Each file is written atomically;
// missing folders are created.
type ModelCheckpoint struct {
	Base
	// Filepath is the file name template (required).
	Filepath string
	// Monitor is the metric compared with SaveBestOnly (default
	// "val_loss").
	Monitor string
	// Verbose 1 prints a line for every save or skipped save (default 0).
	Verbose int
	// SaveBestOnly writes only when the monitored value improves.
	SaveBestOnly bool
	// SaveWeightsOnly saves the weights only, as a safetensors file; by
	// default the whole model is saved (see the type's comment).
	SaveWeightsOnly bool
	// Mode is "min", "max" or "auto" (default): in "auto" mode the best
	// value is the largest if Monitor contains "acc" or starts with
	// "fmeasure", else the smallest.
	Mode string
	// SaveFreq is 0 to save at the end of every epoch (Keras's "epoch",
	// the default), or n > 0 to save every n training batches.
	SaveFreq int
	// InitialValueThreshold, if set, is the value the monitored metric must
	// beat for the first save with SaveBestOnly (Keras's
	// initial_value_threshold).
	InitialValueThreshold *float64
	// Out receives the Verbose messages (default os.Stdout).
	Out io.Writer
	// Warn receives the warnings, once per training run each, as Keras
	// shows them (default os.Stderr): "UserWarning: Can save best model
	// only with val_loss available, skipping.". Warnings keeps them all.
	Warn io.Writer

	ready         bool
	greater       bool
	best          float64
	currentEpoch  int
	batchesSince  int
	lastBatchSeen int
	saved         []string
	warnings      []string
	err           error
}

// OnTrainBegin checks the configuration; the first time, it sets the
// starting best value.
func (c *ModelCheckpoint) OnTrainBegin(*Logs) {
	c.err, c.warnings = nil, nil
	switch {
	case c.Filepath == "":
		c.err = fmt.Errorf("callbacks: ModelCheckpoint: Filepath is empty")
		return
	case c.SaveFreq < 0:
		c.err = fmt.Errorf("callbacks: ModelCheckpoint: SaveFreq must be 0 (every epoch) or a positive number of batches, got %d", c.SaveFreq)
		return
	}
	greater, err := resolveMode("ModelCheckpoint", c.Mode, monitorOr(c.Monitor), func(m string) bool {
		return strings.Contains(m, "acc") || strings.HasPrefix(m, "fmeasure")
	})
	if err != nil {
		c.err = err
		return
	}
	if !c.ready {
		c.ready, c.greater = true, greater
		switch {
		case c.InitialValueThreshold != nil:
			c.best = *c.InitialValueThreshold
		case greater:
			c.best = math.Inf(-1)
		default:
			c.best = math.Inf(1)
		}
	}
}

// OnEpochBegin remembers the epoch for batch-level saves.
func (c *ModelCheckpoint) OnEpochBegin(epoch int, _ *Logs) { c.currentEpoch = epoch }

// OnTrainBatchEnd saves every SaveFreq batches when SaveFreq is set.
func (c *ModelCheckpoint) OnTrainBatchEnd(batch int, logs *Logs) {
	if c.err != nil || c.SaveFreq <= 0 {
		return
	}
	// Keras's _should_save_on_batch: batch numbers restart each epoch.
	add := batch - c.lastBatchSeen
	if batch <= c.lastBatchSeen {
		add = batch + 1
	}
	c.batchesSince += add
	c.lastBatchSeen = batch
	if c.batchesSince >= c.SaveFreq {
		c.batchesSince = 0
		c.save(c.currentEpoch, batch, logs)
	}
}

// OnEpochEnd saves when SaveFreq is 0 (every epoch).
func (c *ModelCheckpoint) OnEpochEnd(epoch int, logs *Logs) {
	if c.err != nil || c.SaveFreq != 0 {
		return
	}
	c.save(epoch, -1, logs)
}

// save is Keras's _save_model; batch is -1 for an epoch-level save.
func (c *ModelCheckpoint) save(epoch, batch int, logs *Logs) {
	if c.Model == nil {
		c.err = errNoModel("ModelCheckpoint")
		return
	}
	ints := map[string]int{"epoch": epoch + 1}
	if batch >= 0 {
		ints["batch"] = batch + 1
	}
	path, err := pyFormat(c.Filepath, ints, logs)
	if err != nil {
		c.err = fmt.Errorf("callbacks: ModelCheckpoint: cannot format Filepath %q: %w", c.Filepath, err)
		return
	}
	out := stdout(c.Out)
	if c.SaveBestOnly {
		monitor := monitorOr(c.Monitor)
		current, ok := logs.Get(monitor)
		if !ok {
			c.warnings = warnOnce(c.Warn, c.warnings, fmt.Sprintf("Can save best model only with %s available, skipping.", monitor))
			return
		}
		better := current > c.best
		if !c.greater {
			better = current < c.best
		}
		if !better {
			if c.Verbose > 0 {
				fmt.Fprintf(out, "\nEpoch %d: %s did not improve from %s\n", epoch+1, monitor, formatFloat(c.best, 'f', 5))
			}
			return
		}
		if c.Verbose > 0 {
			fmt.Fprintf(out, "\nEpoch %d: %s improved from %s to %s, saving model to %s\n",
				epoch+1, monitor, formatFloat(c.best, 'f', 5), formatFloat(current, 'f', 5), path)
		}
		c.best = current
	} else if c.Verbose > 0 {
		fmt.Fprintf(out, "\nEpoch %d: saving model to %s\n", epoch+1, path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			c.err = fmt.Errorf("callbacks: ModelCheckpoint: %w", err)
			return
		}
	}
	if err := c.write(path); err != nil {
		c.err = fmt.Errorf("callbacks: ModelCheckpoint: saving epoch %d to %s: %w", epoch+1, path, err)
		return
	}
	c.saved = append(c.saved, path)
}

// write saves the model, or only its weights, to path.
func (c *ModelCheckpoint) write(path string) error {
	if c.SaveWeightsOnly || strings.HasSuffix(path, ".safetensors") {
		return saving.SaveWeights(path, c.Model.WeightNames(), c.Model.WeightValues())
	}
	s, ok := c.Model.(ModelSaver)
	if !ok {
		return fmt.Errorf("the model cannot save itself whole (%T has no Save method): set SaveWeightsOnly or name the file .safetensors", c.Model)
	}
	return s.Save(path)
}

// Best returns the best monitored value seen with SaveBestOnly (±Inf, or
// InitialValueThreshold, before the first save).
func (c *ModelCheckpoint) Best() float64 { return c.best }

// Saved returns the paths written so far, in order (a path appears again
// each time it is overwritten).
func (c *ModelCheckpoint) Saved() []string { return c.saved }

// Warnings returns the warnings of the current or last training, such as
// a monitored metric missing from the logs.
func (c *ModelCheckpoint) Warnings() []string { return c.warnings }

// Err returns the first error: an invalid configuration, no model to save
// (SetModel not called), a Filepath that cannot be formatted, or a failed
// save.
func (c *ModelCheckpoint) Err() error { return c.err }
