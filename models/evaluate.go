package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Evaluate returns the loss and then each compiled metric on x and y, in
// compile order, as Keras's model.evaluate: means over batches weighted by
// batch size, computed in inference mode (Dropout off).
func (m *Sequential) Evaluate(x, y *tensor.Tensor, options ...EvaluateOptions) ([]float64, error) {
	o, err := oneOption(options, "Evaluate")
	if err != nil {
		return nil, err
	}
	if m.comp == nil {
		return nil, errors.New("models: the model must be compiled before Evaluate (call Compile)")
	}
	bs, err := batchSize(o.BatchSize)
	if err != nil {
		return nil, err
	}
	if x, err = m.prepareX(x, "x"); err != nil {
		return nil, err
	}
	if y, err = m.prepareY(y, x.Dim(0), "y"); err != nil {
		return nil, err
	}
	if x.Dim(0) == 0 {
		return nil, errors.New("models: Evaluate: x has no samples")
	}
	h, err := m.headFor(y)
	if err != nil {
		return nil, err
	}
	data := newBatches(x, y, bs)
	cbs := m.newCallbackList(o.Callbacks, verbosity(o.Verbose), o.Output, callbacks.Params{Steps: data.steps()})
	return m.evaluateBatches(h, data, cbs)
}

// evaluateBatches runs the evaluation fetches over data and returns the
// weighted means of the loss and metrics.
func (m *Sequential) evaluateBatches(h *head, data *batches, cbs callbackList) ([]float64, error) {
	logs := &callbacks.Logs{}
	cbs.testBegin(logs)
	outs := make([]*tensor.Tensor, len(h.evalFetches))
	feeds := graph.Feeds{}
	sums := make([]float64, len(h.evalFetches))
	seen := 0
	for step := 0; step < data.steps(); step++ {
		cbs.testBatchBegin(step, logs)
		xb, yb := data.get(step)
		feeds[m.built.input], feeds[h.yTrue] = xb, yb
		if err := m.built.sess.RunInto(feeds, h.evalFetches, outs); err != nil {
			return nil, fmt.Errorf("models: evaluating batch %d: %w", step, err)
		}
		size := xb.Dim(0)
		seen += size
		for k := range sums {
			sums[k] += scalar(outs[k]) * float64(size)
		}
		h.setLogs(logs, sums, seen, "")
		cbs.testBatchEnd(step, logs)
	}
	for k := range sums {
		sums[k] /= float64(seen)
	}
	cbs.testEnd(logs)
	return sums, nil
}
