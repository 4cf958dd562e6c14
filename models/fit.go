package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Fit trains the model on inputs x and labels y for a number of epochs, as
// Keras's model.fit, and returns the History of per-epoch loss, metrics and
// val_ metrics. Each epoch shuffles the training samples (unless
// NoShuffle), runs one optimizer step per batch, and then evaluates on the
// validation data if any. The loss and metrics reported for an epoch are
// the means over its batches weighted by batch size, each computed before
// that batch's update, as in Keras. A callback that calls StopTraining
// ends the epoch after the current batch (validation and the epoch-end
// callbacks still run) and training after it, as Keras's
// model.stop_training does. An error a callback reports through
// callbacks.Failer stops training the same way and is returned.
func (m *Sequential) Fit(x, y *tensor.Tensor, options ...FitOptions) (*callbacks.History, error) {
	o, err := oneOption(options, "Fit")
	if err != nil {
		return nil, err
	}
	if m.comp == nil {
		return nil, errors.New("models: the model must be compiled before Fit (call Compile)")
	}
	epochs := o.Epochs
	if epochs == 0 {
		epochs = 1
	}
	if epochs < 0 || o.InitialEpoch < 0 {
		return nil, fmt.Errorf("models: Fit: Epochs (%d) and InitialEpoch (%d) must not be negative", o.Epochs, o.InitialEpoch)
	}
	bs, err := batchSize(o.BatchSize)
	if err != nil {
		return nil, err
	}
	xt, yt, xv, yv, err := m.fitData(x, y, o)
	if err != nil {
		return nil, err
	}
	h, err := m.headFor(yt)
	if err != nil {
		return nil, err
	}
	train := newBatches(xt, yt, bs)
	var val *batches
	if xv != nil {
		val = newBatches(xv, yv, bs)
	}
	hist := callbacks.NewHistory()
	cbs := m.newCallbackList(o.Callbacks, verbosity(o.Verbose), o.Output,
		callbacks.Params{Epochs: epochs, Steps: train.steps()}, hist)
	return hist, m.trainLoop(h, train, val, cbs, o.InitialEpoch, epochs, !o.NoShuffle)
}

// fitData validates the training data and splits off or prepares the
// validation data.
func (m *Sequential) fitData(x, y *tensor.Tensor, o FitOptions) (xt, yt, xv, yv *tensor.Tensor, err error) {
	if x, err = m.prepareX(x, "x"); err != nil {
		return
	}
	if y, err = m.prepareY(y, x.Dim(0), "y"); err != nil {
		return
	}
	if x.Dim(0) == 0 {
		err = errors.New("models: Fit: x has no samples")
		return
	}
	if (o.ValidationX == nil) != (o.ValidationY == nil) {
		err = errors.New("models: Fit: ValidationX and ValidationY must be given together")
		return
	}
	if o.ValidationX != nil {
		if xv, err = m.prepareX(o.ValidationX, "ValidationX"); err != nil {
			return
		}
		if yv, err = m.prepareY(o.ValidationY, xv.Dim(0), "ValidationY"); err != nil {
			return
		}
		return x, y, xv, yv, nil
	}
	return splitValidation(x, y, o.ValidationSplit)
}

// trainLoop runs the epochs of Fit.
func (m *Sequential) trainLoop(h *head, train, val *batches, cbs callbackList, first, epochs int, shuffle bool) error {
	m.stop = false
	logs := &callbacks.Logs{}
	cbs.trainBegin(logs)
	cbErr := cbs.err()
	if cbErr != nil {
		m.stop = true
	}
	outs := make([]*tensor.Tensor, len(h.trainFetches))
	feeds := graph.Feeds{}
	sums := make([]float64, len(h.metricNames)+1)
	rng := m.shuffleRNG()
	for epoch := first; epoch < epochs && !m.stop; epoch++ {
		logs.Reset()
		cbs.epochBegin(epoch, logs)
		if shuffle {
			train.shuffle(rng)
		}
		clear(sums)
		seen := 0
		for step := 0; step < train.steps(); step++ {
			cbs.trainBatchBegin(step, logs)
			xb, yb := train.get(step)
			feeds[m.built.input], feeds[h.yTrue] = xb, yb
			if err := m.built.sess.RunInto(feeds, h.trainFetches, outs); err != nil {
				cbs.trainEnd(logs) // let callbacks close their files
				return fmt.Errorf("models: Fit: epoch %d, batch %d: %w", epoch+1, step, err)
			}
			size := xb.Dim(0)
			seen += size
			for k := range sums {
				sums[k] += scalar(outs[k]) * float64(size)
			}
			h.setLogs(logs, sums, seen, "")
			cbs.trainBatchEnd(step, logs)
			if m.stop { // a callback stopped training: end the epoch, as Keras does
				break
			}
		}
		if val != nil {
			vals, err := m.evaluateBatches(h, val, cbs)
			if err != nil {
				cbs.trainEnd(logs)
				return err
			}
			h.setLogs(logs, vals, 1, "val_")
		}
		cbs.epochEnd(epoch, logs)
		if cbErr = cbs.err(); cbErr != nil {
			break
		}
	}
	cbs.trainEnd(logs)
	if cbErr != nil {
		return cbErr
	}
	return cbs.err()
}

// setLogs stores the running means (sums/seen) of the loss and metrics
// under their names with the given prefix.
func (h *head) setLogs(logs *callbacks.Logs, sums []float64, seen int, prefix string) {
	logs.Set(prefix+"loss", sums[0]/float64(seen))
	for k, name := range h.metricNames {
		logs.Set(prefix+name, sums[k+1]/float64(seen))
	}
}

// shuffleRNG returns the model's stream for shuffling, made on first use
// from Seed so that runs are reproducible.
func (m *Sequential) shuffleRNG() *tensor.RNG {
	if m.built.shuffle == nil {
		m.built.shuffle = tensor.NewRNG(m.Seed ^ 0x5eed5eed5eed5eed)
	}
	return m.built.shuffle
}

// oneOption returns the single options value of a variadic options
// argument (or the zero value).
func oneOption[T any](opts []T, fn string) (T, error) {
	var zero T
	switch len(opts) {
	case 0:
		return zero, nil
	case 1:
		return opts[0], nil
	}
	return zero, fmt.Errorf("models: %s takes at most one options value, got %d", fn, len(opts))
}
