package models

import (
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Predict returns the model's outputs for x in inference mode (Dropout
// off), computed in batches, as Keras's model.predict. Any number of
// samples works; the result has one row per sample.
func (m *Sequential) Predict(x *tensor.Tensor, options ...PredictOptions) (*tensor.Tensor, error) {
	o, err := oneOption(options, "Predict")
	if err != nil {
		return nil, err
	}
	bs, err := batchSize(o.BatchSize)
	if err != nil {
		return nil, err
	}
	if x, err = m.prepareX(x, "x"); err != nil {
		return nil, err
	}
	outShape := append(tensor.Shape{x.Dim(0)}, m.built.shapes[len(m.built.shapes)-1]...)
	result := tensor.New(m.built.inferOut.DType(), outShape...)
	data := newBatches(x, nil, bs)
	cbs := m.newCallbackList(o.Callbacks, verbosity(o.Verbose), o.Output, callbacks.Params{Steps: data.steps()})
	logs := &callbacks.Logs{}
	cbs.predictBegin(logs)
	feeds := graph.Feeds{}
	fetch := []*graph.Node{m.built.inferOut}
	outs := make([]*tensor.Tensor, 1)
	for step := 0; step < data.steps(); step++ {
		cbs.predictBatchBegin(step, logs)
		xb, _ := data.get(step)
		lo, hi := data.bounds(step)
		feeds[m.built.input] = xb
		outs[0] = tensor.Rows(result, lo, hi)
		if err := m.built.sess.RunInto(feeds, fetch, outs); err != nil {
			return nil, fmt.Errorf("models: Predict: batch %d: %w", step, err)
		}
		cbs.predictBatchEnd(step, logs)
	}
	cbs.predictEnd(logs)
	return result, nil
}
