package models

import (
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Predict returns the model's output for x in inference mode (Dropout off),
// computed in batches, as Keras's model.predict. Any number of samples
// works; the result has one row per sample. The model needs no Compile.
// For a model with several outputs, use PredictAll.
//
// Predict is safe for concurrent use: several goroutines may predict at
// once, also while another goroutine trains the model (each prediction
// batch sees the weights between two training steps).
func (m *Model) Predict(x Data, options ...PredictOptions) (*tensor.Tensor, error) {
	if m.topo != nil && len(m.topo.outputs) > 1 {
		return nil, fmt.Errorf("models: Predict: the model has %d outputs: use PredictAll", len(m.topo.outputs))
	}
	out, err := m.PredictAll(x, options...)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// PredictAll returns every output of the model for x, in the order of
// OutputNames, as Keras's model.predict does for multi-output models. It is
// safe for concurrent use, like Predict.
func (m *Model) PredictAll(x Data, options ...PredictOptions) ([]*tensor.Tensor, error) {
	o, _, err := oneOption(options, "Predict")
	if err != nil {
		return nil, err
	}
	verbose, err := o.Verbose.level()
	if err != nil {
		return nil, err
	}
	if err := checkCallbacks(o.Callbacks, "Predict"); err != nil {
		return nil, err
	}
	xs, inf, err := m.predictSetup(nil, x)
	if err != nil {
		return nil, err
	}
	n := xs[0].Dim(0)
	results := make([]*tensor.Tensor, len(inf.outputs))
	for i, out := range inf.outputs {
		shape := m.topo.outputs[i].Shape()
		if m.inf == nil { // None dimensions: the lengths of this graph
			shape = out.Shape()[1:]
		}
		results[i] = tensor.New(out.DType(), append(tensor.Shape{n}, shape...)...)
	}
	if n == 0 {
		return results, nil
	}
	bs, err := inf.stateful.runBatchSize(o.BatchSize, n, "Predict")
	if err != nil {
		return nil, err
	}
	data := newBatches(xs, bs)
	cbs := m.newCallbackList(o.Callbacks, verbose, o.Output, callbacks.Params{Steps: data.steps()})
	logs := &callbacks.Logs{}
	cbs.predictBegin(logs)
	feeds := graph.Feeds{}
	outs := make([]*tensor.Tensor, len(inf.fetches)) // the outputs' rows, then the states' node
	for step := 0; step < data.steps(); step++ {
		cbs.predictBatchBegin(step, logs)
		batch := data.get(step)
		lo, hi := data.bounds(step)
		for k, p := range inf.inputs {
			feeds[p] = batch[k]
		}
		for k, r := range results {
			outs[k] = tensor.Rows(r, lo, hi)
		}
		m.mu.RLock()
		err := inf.sess.RunInto(feeds, inf.fetches, outs)
		m.mu.RUnlock()
		if err != nil {
			return nil, fmt.Errorf("models: Predict: batch %d: %w", step, err)
		}
		cbs.predictBatchEnd(step, logs)
	}
	cbs.predictEnd(logs)
	return results, nil
}

// predictSetup checks the inputs, building the model if needed, and
// returns them (in dst, made if nil or of the wrong length) with the
// inference graph for them (for a model with None input dimensions, the
// graph of their shapes: see shapes.go).
func (m *Model) predictSetup(dst []*tensor.Tensor, x Data) ([]*tensor.Tensor, *inference, error) {
	m.mu.RLock()
	built := m.built
	m.mu.RUnlock()
	if !built {
		// Building changes the model: hold the lock. Once built, the
		// inputs are checked without it, so that a large Predict does not
		// hold up training or other predictions while it checks its data.
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	if m.topo != nil && len(dst) != len(m.topo.inputs) {
		dst = nil
	}
	xs, err := m.prepareInputs(dst, x, "x")
	if err != nil {
		return nil, nil, err
	}
	if m.inf != nil {
		return xs, m.inf, nil
	}
	if built { // the graphs kept by shape change: hold the lock
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	inf, err := m.inferenceFor(xs)
	return xs, inf, err
}
