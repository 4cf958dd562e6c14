package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// Fit trains the model on inputs x and labels y (see Data for their forms)
// for a number of epochs, as Keras's model.fit, and returns the History of
// per-epoch loss, metrics and val_ metrics. Each epoch shuffles the
// training samples (unless NoShuffle), runs one optimizer step per batch —
// the layers' registered updates run with it —, and then evaluates on the
// validation data if any. The loss and metrics reported for an epoch are
// the means over its batches weighted by batch size, each computed before
// that batch's update, as in Keras; with several outputs the logs hold the
// total "loss", each "<output>_loss" and "<output>_<metric>". A callback
// that calls StopTraining ends the epoch after the current batch
// (validation and the epoch-end callbacks still run) and training after
// it, as Keras's model.stop_training does. An error a callback reports
// through callbacks.Failer stops training the same way and is returned.
// After the last epoch (before the train-end callbacks), an optimizer that
// is an optimizers.Finalizer sets the final weights, as Keras's fit calls
// finalize_variable_values: with UseEMA, their moving averages.
//
// Fit without options trains one epoch; options must set Epochs.
func (m *Model) Fit(x, y Data, options ...FitOptions) (*callbacks.History, error) {
	o, given, err := oneOption(options, "Fit")
	if err != nil {
		return nil, err
	}
	epochs := 1
	if given {
		if o.Epochs <= 0 {
			return nil, fmt.Errorf("models: Fit: Epochs must be positive, got %d (Keras's default is 1)", o.Epochs)
		}
		epochs = o.Epochs
	}
	if o.InitialEpoch < 0 {
		return nil, fmt.Errorf("models: Fit: InitialEpoch must not be negative, got %d", o.InitialEpoch)
	}
	verbose, err := o.Verbose.level()
	if err != nil {
		return nil, err
	}
	if err := checkCallbacks(o.Callbacks, "Fit"); err != nil {
		return nil, err
	}
	h, train, val, err := m.fitSetup(x, y, o)
	if err != nil {
		return nil, err
	}
	first, err := m.resume(o)
	if err != nil {
		return nil, err
	}
	if d := m.comp.dist; d != nil && d.d.Rank() != 0 {
		verbose = 0 // rank 0 prints for the job
	}
	hist := callbacks.NewHistory()
	cbs := m.newCallbackList(o.Callbacks, verbose, o.Output,
		callbacks.Params{Epochs: epochs, Steps: train.steps()}, hist)
	return hist, m.trainLoop(h, train, val, cbs, first, epochs, !o.NoShuffle)
}

// resume lets the callbacks that resume an interrupted training
// (callbacks.Resumer, such as BackupAndRestore) restore the model, and
// returns the epoch to start at.
func (m *Model) resume(o FitOptions) (int, error) {
	first := o.InitialEpoch
	for _, c := range o.Callbacks {
		r, ok := c.(callbacks.Resumer)
		if !ok {
			continue
		}
		epoch, err := r.Restore(m)
		if err != nil {
			return 0, fmt.Errorf("models: Fit: %w", err)
		}
		first = max(first, epoch)
	}
	return first, nil
}

// trainFetches returns what a training step of h runs for batches of
// arrays: the weighted step when the arrays hold sample weights.
func (h *head) trainFetches(arrays int) []*graph.Node {
	if arrays > len(h.inputs)+len(h.yTrue) {
		return h.weights.train
	}
	return h.train
}

// evalFetches returns what evaluating a batch of arrays runs.
func (h *head) evalFetches(arrays int) []*graph.Node {
	if arrays > len(h.inputs)+len(h.yTrue) {
		return h.weights.eval
	}
	return h.eval
}

// fitSetup validates the data, splits off or prepares the validation data
// and returns the training head with the batches.
func (m *Model) fitSetup(x, y Data, o FitOptions) (*head, *batches, *batches, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.comp == nil {
		return nil, nil, nil, errors.New("models: the model must be compiled before Fit (call Compile)")
	}
	xs, err := m.prepareInputs(nil, x, "x")
	if err != nil {
		return nil, nil, nil, err
	}
	n := xs[0].Dim(0)
	if n == 0 {
		return nil, nil, nil, errors.New("models: Fit: x has no samples")
	}
	ys, err := m.prepareLabels(nil, y, n, "y")
	if err != nil {
		return nil, nil, nil, err
	}
	sw, err := m.prepareSampleWeights(o.SampleWeight, o.ClassWeight, ys, "SampleWeight")
	if err != nil {
		return nil, nil, nil, err
	}
	var valArrays []*tensor.Tensor
	switch {
	case (o.ValidationX == nil) != (o.ValidationY == nil):
		return nil, nil, nil, errors.New("models: Fit: ValidationX and ValidationY must be given together")
	case o.ValidationX != nil:
		if o.ValidationSplit != 0 {
			return nil, nil, nil, errors.New("models: Fit: give ValidationSplit or ValidationX and ValidationY, not both")
		}
		xv, err := m.prepareInputs(nil, o.ValidationX, "ValidationX")
		if err != nil {
			return nil, nil, nil, err
		}
		if xv[0].Dim(0) == 0 {
			return nil, nil, nil, errors.New("models: Fit: ValidationX has no samples")
		}
		yv, err := m.prepareLabels(nil, o.ValidationY, xv[0].Dim(0), "ValidationY")
		if err != nil {
			return nil, nil, nil, err
		}
		valArrays = append(xv, yv...)
	}
	arrays := append(append(append([]*tensor.Tensor{}, xs...), ys...), sw...)
	if valArrays == nil {
		if arrays, valArrays, err = splitValidation(arrays, o.ValidationSplit); err != nil {
			return nil, nil, nil, err
		}
	}
	inputs, labels := arrays[:len(xs)], arrays[len(xs):len(xs)+len(ys)]
	h, err := m.headFor(inputs, labels, true)
	if err != nil {
		return nil, nil, nil, err
	}
	if m.comp.dist != nil && h.stateful != nil {
		return nil, nil, nil, fmt.Errorf("models: Fit: %s is stateful; a Distributor splits each batch over its ranks, which would split the states too", layers.Describe(h.stateful.layer))
	}
	if m.comp.dist != nil {
		if err := m.syncRanks(n); err != nil {
			return nil, nil, nil, err
		}
	}
	if sw != nil {
		if _, err := m.withWeights(h, true); err != nil {
			return nil, nil, nil, err
		}
	}
	if valArrays != nil && !kindsAlike(h.labels, kindsOf(valArrays[len(xs):len(xs)+len(ys)]), m.inf == nil) {
		return nil, nil, nil, fmt.Errorf("models: Fit: ValidationY holds labels of %s, but y holds %s",
			kindsString(kindsOf(valArrays[len(xs):len(xs)+len(ys)])), kindsString(h.labels))
	}
	bs, err := h.stateful.runBatchSize(o.BatchSize, arrays[0].Dim(0), "Fit")
	if err != nil {
		return nil, nil, nil, err
	}
	train := newBatches(arrays, bs)
	var val *batches
	if valArrays != nil {
		vbs, err := h.stateful.runBatchSize(o.BatchSize, valArrays[0].Dim(0), "Fit: validation data")
		if err != nil {
			return nil, nil, nil, err
		}
		val = newBatches(valArrays, vbs)
		if !shapesFit(h.shapes, valArrays[:len(xs)]) { // other sequence lengths
			if val.head, err = m.headFor(valArrays[:len(xs)], valArrays[len(xs):len(xs)+len(ys)], false); err != nil {
				return nil, nil, nil, err
			}
			if len(valArrays) > len(xs)+len(ys) { // with sample weights
				if _, err := m.withWeights(val.head, false); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	}
	return h, train, val, nil
}

// trainLoop runs the epochs of Fit.
func (m *Model) trainLoop(h *head, train, val *batches, cbs callbackList, first, epochs int, shuffle bool) error {
	m.stop = false
	logs := &callbacks.Logs{}
	cbs.trainBegin(logs)
	cbErr := cbs.err()
	if cbErr != nil {
		m.stop = true
	}
	fetches := h.trainFetches(len(train.arrays))
	dist := m.comp.dist
	outs := make([]*tensor.Tensor, len(fetches))
	feeds := graph.Feeds{}
	sums := newMeans(h)
	rng := m.shuffleRNG()
	for epoch := first; epoch < epochs && !m.stop; epoch++ {
		logs.Reset()
		cbs.epochBegin(epoch, logs)
		if shuffle {
			train.shuffle(rng)
		}
		sums.reset()
		for step := 0; step < train.steps(); step++ {
			cbs.trainBatchBegin(step, logs)
			batch := train.get(step)
			global := batch[0].Dim(0)
			shard, count := batch, global
			if dist != nil {
				shard, count = dist.shard(batch)
				dist.scale.Fill(float64(count) / float64(global))
				feeds[h.shardScale] = dist.scale
			}
			h.feed(feeds, shard)
			m.mu.Lock()
			err := h.sess.RunInto(feeds, fetches, outs)
			if err == nil {
				err = h.applyConstraints()
			}
			m.mu.Unlock()
			if err == nil && dist != nil {
				err = dist.reduceValues(h, sums, outs, count, global)
			} else if err == nil {
				sums.add(outs, count)
			}
			if err != nil {
				cbs.trainEnd(logs) // let callbacks close their files
				return fmt.Errorf("models: Fit: epoch %d, batch %d: %w", epoch+1, step, err)
			}
			sums.setLogs(h, logs, "")
			cbs.trainBatchEnd(step, logs)
			if m.stop { // a callback stopped training: end the epoch, as Keras does
				break
			}
		}
		if val != nil {
			vh := h
			if val.head != nil {
				vh = val.head
			}
			vals, err := m.evaluateBatches(vh, val, cbs)
			if err != nil {
				cbs.trainEnd(logs)
				return err
			}
			for k, name := range h.names {
				logs.Set("val_"+name, vals[k])
			}
		}
		cbs.epochEnd(epoch, logs)
		if cbErr = cbs.err(); cbErr != nil {
			break
		}
	}
	if cbErr == nil {
		if err := m.finalizeOptimizer(); err != nil {
			cbs.trainEnd(logs)
			return err
		}
	}
	cbs.trainEnd(logs)
	if cbErr != nil {
		return cbErr
	}
	return cbs.err()
}

// finalizeOptimizer lets an optimizers.Finalizer set the final weights
// (Keras's finalize_variable_values, which fit calls after its epochs and
// before on_train_end): with UseEMA, their moving averages.
func (m *Model) finalizeOptimizer() error {
	f, ok := m.comp.optimizer.(optimizers.Finalizer)
	if !ok {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := f.Finalize(); err != nil {
		return fmt.Errorf("models: Fit: %w", err)
	}
	return nil
}

// feed puts one batch (inputs, labels, then any sample weights) into
// feeds.
func (h *head) feed(feeds graph.Feeds, batch []*tensor.Tensor) {
	for k, p := range h.inputs {
		feeds[p] = batch[k]
	}
	for k, p := range h.yTrue {
		feeds[p] = batch[len(h.inputs)+k]
	}
	if rest := batch[len(h.inputs)+len(h.yTrue):]; len(rest) > 0 {
		for k, p := range h.weights.sw {
			feeds[p] = rest[k]
		}
	}
}

// unfeed drops the references feeds keep to the caller's data.
func (h *head) unfeed(feeds graph.Feeds) {
	for _, p := range h.inputs {
		feeds[p] = nil
	}
	for _, p := range h.yTrue {
		feeds[p] = nil
	}
}

// shuffleRNG returns the model's stream for shuffling, made on first use
// from Seed so that runs are reproducible.
func (m *Model) shuffleRNG() *tensor.RNG {
	if m.shuffle == nil {
		m.shuffle = tensor.NewRNG(m.Seed ^ 0x5eed5eed5eed5eed)
	}
	return m.shuffle
}
