package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Evaluate returns the loss and then each compiled metric on x and y, as
// Keras's model.evaluate: means over batches weighted by batch size,
// computed in inference mode (Dropout off, no updates). With several
// outputs the values are the total loss, each output's loss, then each
// output's metrics; MetricsNames gives the names in that order.
func (m *Model) Evaluate(x, y Data, options ...EvaluateOptions) ([]float64, error) {
	o, _, err := oneOption(options, "Evaluate")
	if err != nil {
		return nil, err
	}
	verbose, err := o.Verbose.level()
	if err != nil {
		return nil, err
	}
	if err := checkCallbacks(o.Callbacks, "Evaluate"); err != nil {
		return nil, err
	}
	h, data, err := m.evaluateSetup(x, y, o.SampleWeight, o.BatchSize)
	if err != nil {
		return nil, err
	}
	cbs := m.newCallbackList(o.Callbacks, verbose, o.Output, callbacks.Params{Steps: data.steps()})
	return m.evaluateBatches(h, data, cbs)
}

// evaluateSetup validates the data and returns its head and batches.
func (m *Model) evaluateSetup(x, y, sampleWeight Data, bs int) (*head, *batches, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.comp == nil {
		return nil, nil, errors.New("models: the model must be compiled before Evaluate (call Compile)")
	}
	xs, err := m.prepareInputs(nil, x, "x")
	if err != nil {
		return nil, nil, err
	}
	n := xs[0].Dim(0)
	if n == 0 {
		return nil, nil, errors.New("models: Evaluate: x has no samples")
	}
	ys, err := m.prepareLabels(nil, y, n, "y")
	if err != nil {
		return nil, nil, err
	}
	sw, err := m.prepareSampleWeights(sampleWeight, nil, ys, "SampleWeight")
	if err != nil {
		return nil, nil, err
	}
	h, err := m.headFor(xs, ys, false)
	if err != nil {
		return nil, nil, err
	}
	if sw != nil {
		if _, err := m.withWeights(h, false); err != nil {
			return nil, nil, err
		}
	}
	if bs, err = h.stateful.runBatchSize(bs, n, "Evaluate"); err != nil {
		return nil, nil, err
	}
	return h, newBatches(append(append(xs, ys...), sw...), bs), nil
}

// MetricsNames returns the names of the values Evaluate returns and Fit
// logs ("loss", "mae", or with several outputs "loss", "out_loss", …), as
// Keras's model.metrics_names; nil until the model has been trained or
// evaluated once (the names depend on the labels).
func (m *Model) MetricsNames() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.comp == nil || len(m.comp.heads) == 0 {
		return nil
	}
	return append([]string{}, m.comp.heads[0].names...)
}

// evaluateBatches runs the evaluation fetches over data and returns the
// weighted means of the loss and metrics.
func (m *Model) evaluateBatches(h *head, data *batches, cbs callbackList) ([]float64, error) {
	logs := &callbacks.Logs{}
	cbs.testBegin(logs)
	fetches := h.evalFetches(len(data.arrays))
	outs := make([]*tensor.Tensor, len(fetches))
	feeds := graph.Feeds{}
	sums := newMeans(h)
	for step := 0; step < data.steps(); step++ {
		cbs.testBatchBegin(step, logs)
		batch := data.get(step)
		h.feed(feeds, batch)
		m.mu.RLock()
		err := h.sess.RunInto(feeds, fetches, outs)
		m.mu.RUnlock()
		if err != nil {
			return nil, fmt.Errorf("models: evaluating batch %d: %w", step, err)
		}
		sums.add(outs, batch[0].Dim(0))
		sums.setLogs(h, logs, "")
		cbs.testBatchEnd(step, logs)
	}
	vals := make([]float64, len(h.names))
	for k := range vals {
		vals[k] = sums.value(k)
	}
	cbs.testEnd(logs)
	return vals, nil
}
