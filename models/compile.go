package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// compiled is what Compile configured, plus the training and evaluation
// graphs built for the labels seen so far.
type compiled struct {
	optimizer optimizers.Optimizer
	loss      losses.Loss
	metrics   []metrics.Metric
	heads     []*head // one per label dtype and per-sample shape
}

// head is the loss, metrics and update step of a model for one kind of
// labels.
type head struct {
	yDType       tensor.DType
	yShape       tensor.Shape // per sample
	yTrue        *graph.Node
	metricNames  []string
	trainFetches []*graph.Node // loss, metrics…, update
	evalFetches  []*graph.Node // loss, metrics…
	onBatch      *onBatch      // buffers of TrainOnBatch and TestOnBatch, made on first use
}

// Compile configures the model for training with an optimizer, a loss and
// metrics, as Keras's model.compile. Use optimizers.Get, losses.Get and
// metrics.Get to choose them by Keras name ("adam", "mse", "mae"), or
// CompileNamed. The gradients and optimizer updates are added to the graph
// on the first Fit, once the shape of the labels is known.
func (m *Sequential) Compile(opt optimizers.Optimizer, loss losses.Loss, ms ...metrics.Metric) error {
	if opt == nil {
		return errors.New("models: Compile: optimizer is nil")
	}
	if loss == nil {
		return errors.New("models: Compile: loss is nil")
	}
	for i, mt := range ms {
		if mt == nil {
			return fmt.Errorf("models: Compile: metric %d is nil", i)
		}
	}
	if m.comp != nil && len(m.comp.heads) > 0 {
		return errors.New("models: Compile: the model was already compiled and trained; build a new model to change its optimizer or loss")
	}
	m.comp = &compiled{optimizer: opt, loss: loss, metrics: append([]metrics.Metric(nil), ms...)}
	return nil
}

// CompileNamed is Compile with Keras names, as in
// model.compile(optimizer='adam', loss='mse', metrics=['mae']).
func (m *Sequential) CompileNamed(optimizer, loss string, metricNames ...string) error {
	opt, err := optimizers.Get(optimizer)
	if err != nil {
		return fmt.Errorf("models: Compile: %w", err)
	}
	l, err := losses.Get(loss)
	if err != nil {
		return fmt.Errorf("models: Compile: %w", err)
	}
	ms := make([]metrics.Metric, len(metricNames))
	for i, name := range metricNames {
		if ms[i], err = metrics.Get(name); err != nil {
			return fmt.Errorf("models: Compile: %w", err)
		}
	}
	return m.Compile(opt, l, ms...)
}

// headFor returns the training head for labels like y, building it on
// first use.
func (m *Sequential) headFor(y *tensor.Tensor) (*head, error) {
	if m.comp == nil {
		return nil, errors.New("models: the model must be compiled before Fit or Evaluate (call Compile)")
	}
	sample := y.Shape()[1:]
	for _, h := range m.comp.heads {
		if h.yDType == y.DType() && h.yShape.Equal(sample) {
			return h, nil
		}
	}
	h, err := m.buildHead(y.DType(), sample.Clone())
	if err != nil {
		return nil, err
	}
	m.comp.heads = append(m.comp.heads, h)
	return h, nil
}

// buildHead adds the loss, metrics, gradients and optimizer updates for
// labels of one dtype and per-sample shape.
func (m *Sequential) buildHead(dtype tensor.DType, sample tensor.Shape) (*head, error) {
	b := m.built
	g := b.g
	h := &head{yDType: dtype, yShape: sample}
	h.yTrue = g.Placeholder("y_true", dtype, append([]int{graph.Unknown}, sample...)...)
	trainLoss, err := m.totalLoss(h.yTrue, b.trainOut)
	if err != nil {
		return nil, err
	}
	evalLoss, err := m.totalLoss(h.yTrue, b.inferOut)
	if err != nil {
		return nil, err
	}
	h.trainFetches = []*graph.Node{trainLoss}
	h.evalFetches = []*graph.Node{evalLoss}
	for _, mt := range m.comp.metrics {
		mt = metrics.Resolve(mt, m.comp.loss, h.yTrue, b.inferOut)
		h.metricNames = append(h.metricNames, mt.Name())
		tm, err := mt.Call(h.yTrue, b.trainOut)
		if err != nil {
			return nil, fmt.Errorf("models: metric %s: %w", mt.Name(), err)
		}
		em, err := mt.Call(h.yTrue, b.inferOut)
		if err != nil {
			return nil, fmt.Errorf("models: metric %s: %w", mt.Name(), err)
		}
		h.trainFetches = append(h.trainFetches, tm)
		h.evalFetches = append(h.evalFetches, em)
	}
	update, err := m.updateStep(trainLoss)
	if err != nil {
		return nil, err
	}
	h.trainFetches = append(h.trainFetches, update)
	if err := g.Err(); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return h, nil
}

// totalLoss is the compiled loss plus every weight's regularization penalty.
func (m *Sequential) totalLoss(yTrue, yPred *graph.Node) (*graph.Node, error) {
	loss, err := m.comp.loss.Call(yTrue, yPred)
	if err != nil {
		return nil, fmt.Errorf("models: loss %s: %w", m.comp.loss.Name(), err)
	}
	for _, l := range m.layers {
		for _, w := range l.Weights() {
			if w.Regularizer != nil {
				loss = graph.Add(loss, w.Regularizer.Penalty(w.Node))
			}
		}
	}
	if err := yTrue.Graph().Err(); err != nil {
		return nil, fmt.Errorf("models: loss %s: %w", m.comp.loss.Name(), err)
	}
	return loss, nil
}

// updateStep differentiates the loss with respect to every trainable weight
// and asks the optimizer for the update. A trainable weight the loss does
// not reach is an error, never a silent zero gradient.
func (m *Sequential) updateStep(loss *graph.Node) (*graph.Node, error) {
	var params []*graph.Node
	for _, l := range m.layers {
		for _, w := range l.Weights() {
			if w.Trainable {
				params = append(params, w.Node)
			}
		}
	}
	if len(params) == 0 {
		return nil, errors.New("models: the model has no trainable weights")
	}
	grads := graph.Gradients(loss, params...)
	if err := loss.Graph().Err(); err != nil {
		return nil, fmt.Errorf("models: computing gradients: %w", err)
	}
	for i, gr := range grads {
		if gr == nil {
			return nil, fmt.Errorf("models: weight %s gets no gradient from the loss", params[i].Name())
		}
	}
	update, err := m.comp.optimizer.Apply(params, grads)
	if err != nil {
		return nil, fmt.Errorf("models: optimizer %s: %w", m.comp.optimizer.Name(), err)
	}
	return update, nil
}
