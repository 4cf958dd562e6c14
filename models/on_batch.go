package models

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// onBatch holds what the *OnBatch methods reuse from call to call for one
// head (kind of labels), so that a steady-state call allocates nothing.
type onBatch struct {
	feeds     graph.Feeds // input and y_true
	trainOuts []*tensor.Tensor
	evalOuts  []*tensor.Tensor
	trainRes  []float64 // loss, metrics… returned by TrainOnBatch
	evalRes   []float64 // loss, metrics… returned by TestOnBatch
}

// predictBatch holds what PredictOnBatch reuses from call to call.
type predictBatch struct {
	feeds graph.Feeds
	fetch []*graph.Node
	outs  []*tensor.Tensor
}

// TrainOnBatch runs one optimizer step on the single batch x, y and returns
// the loss and then each compiled metric on that batch, in compile order,
// as Keras's model.train_on_batch (with its default reset_metrics=True):
// the values are computed in training mode (Dropout on) before the
// update. There are no callbacks, no shuffling and no splitting: the whole
// of x is one batch, whatever its size.
//
// TrainOnBatch is the allocation-free way to write one's own training
// loop. The returned slice belongs to the model and is overwritten by the
// next TrainOnBatch call; copy it to keep it. When x (and float labels y)
// already have the model's dtype and the batch size stays the same, a
// call after the first allocates nothing on the Go heap; other dtypes are
// converted, which copies them. Like every method of a model it must not
// be called concurrently with another.
func (m *Sequential) TrainOnBatch(x, y *tensor.Tensor) ([]float64, error) {
	h, ob, x, y, err := m.onBatchData(x, y, "TrainOnBatch")
	if err != nil {
		return nil, err
	}
	ob.feeds[m.built.input], ob.feeds[h.yTrue] = x, y
	err = m.built.sess.RunInto(ob.feeds, h.trainFetches, ob.trainOuts)
	ob.feeds[m.built.input], ob.feeds[h.yTrue] = nil, nil // keep no reference to the caller's data
	if err != nil {
		return nil, fmt.Errorf("models: TrainOnBatch: %w", err)
	}
	for k := range ob.trainRes {
		ob.trainRes[k] = scalar(ob.trainOuts[k])
	}
	return ob.trainRes, nil
}

// TestOnBatch returns the loss and then each compiled metric on the single
// batch x, y, computed in inference mode (Dropout off) without updating
// the weights, as Keras's model.test_on_batch. The returned slice belongs
// to the model and is overwritten by the next TestOnBatch call; as with
// TrainOnBatch, a call after the first allocates nothing when the dtypes
// match the model's and the batch size stays the same.
func (m *Sequential) TestOnBatch(x, y *tensor.Tensor) ([]float64, error) {
	h, ob, x, y, err := m.onBatchData(x, y, "TestOnBatch")
	if err != nil {
		return nil, err
	}
	ob.feeds[m.built.input], ob.feeds[h.yTrue] = x, y
	err = m.built.sess.RunInto(ob.feeds, h.evalFetches, ob.evalOuts)
	ob.feeds[m.built.input], ob.feeds[h.yTrue] = nil, nil
	if err != nil {
		return nil, fmt.Errorf("models: TestOnBatch: %w", err)
	}
	for k := range ob.evalRes {
		ob.evalRes[k] = scalar(ob.evalOuts[k])
	}
	return ob.evalRes, nil
}

// PredictOnBatch returns the model's outputs for the single batch x in
// inference mode (Dropout off), as Keras's model.predict_on_batch. The
// returned tensor belongs to the model and is overwritten by the next
// PredictOnBatch call with the same batch size; Clone it to keep it. A
// call after the first with the same batch size and the model's dtype
// allocates nothing. The model needs no Compile for this.
func (m *Sequential) PredictOnBatch(x *tensor.Tensor) (*tensor.Tensor, error) {
	x, err := m.batchX(x, "PredictOnBatch")
	if err != nil {
		return nil, err
	}
	b := m.built
	if b.predict == nil {
		b.predict = &predictBatch{feeds: graph.Feeds{}, fetch: []*graph.Node{b.inferOut}, outs: make([]*tensor.Tensor, 1)}
	}
	pb := b.predict
	if out := pb.outs[0]; out != nil && out.Dim(0) != x.Dim(0) {
		pb.outs[0] = nil // another batch size: RunInto makes a new result
	}
	pb.feeds[b.input] = x
	err = b.sess.RunInto(pb.feeds, pb.fetch, pb.outs)
	pb.feeds[b.input] = nil
	if err != nil {
		pb.outs[0] = nil
		return nil, fmt.Errorf("models: PredictOnBatch: %w", err)
	}
	return pb.outs[0], nil
}

// onBatchData validates one batch for TrainOnBatch or TestOnBatch and
// returns the head for its labels and the head's reusable buffers, with x
// and y converted to the model's dtype if needed.
func (m *Sequential) onBatchData(x, y *tensor.Tensor, fn string) (*head, *onBatch, *tensor.Tensor, *tensor.Tensor, error) {
	if m.comp == nil {
		return nil, nil, nil, nil, fmt.Errorf("models: the model must be compiled before %s (call Compile)", fn)
	}
	x, err := m.batchX(x, fn)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if y == nil {
		return nil, nil, nil, nil, fmt.Errorf("models: %s: y is nil", fn)
	}
	if y.Rank() < 1 || y.Dim(0) != x.Dim(0) {
		return nil, nil, nil, nil, fmt.Errorf("models: %s: y has shape %v, but x has %d samples", fn, y.Shape(), x.Dim(0))
	}
	if err := checkFinite(y, "y"); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%w (%s)", err, fn)
	}
	if y.DType().IsFloat() && y.DType() != m.built.input.DType() {
		y = tensor.Cast(y, m.built.input.DType())
	}
	h, err := m.headFor(y)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if h.onBatch == nil {
		h.onBatch = &onBatch{
			feeds:     graph.Feeds{},
			trainOuts: make([]*tensor.Tensor, len(h.trainFetches)),
			evalOuts:  make([]*tensor.Tensor, len(h.evalFetches)),
			trainRes:  make([]float64, len(h.metricNames)+1),
			evalRes:   make([]float64, len(h.metricNames)+1),
		}
	}
	ob := h.onBatch
	// Outputs are scalars except the update node's, whose shape does not
	// depend on the batch, so the same outs serve every batch size.
	return h, ob, x, y, nil
}

// batchX checks one batch of inputs: present, with a non-empty batch axis
// and the model's per-sample shape and finite values, converted to the
// model's dtype if it differs. It builds the model from x if needed.
func (m *Sequential) batchX(x *tensor.Tensor, fn string) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("models: %s: x is nil", fn)
	}
	if x.Rank() < 1 {
		return nil, fmt.Errorf("models: %s: x must have a batch axis, got shape %v", fn, x.Shape())
	}
	if x.Dim(0) == 0 {
		return nil, fmt.Errorf("models: %s: x has no samples", fn)
	}
	if err := m.ensureBuilt(x.Shape()); err != nil {
		return nil, err
	}
	if !x.Shape()[1:].Equal(m.built.inputShape) {
		return nil, fmt.Errorf("models: %s: x has shape %v, but layer %q (%s) expects inputs of shape %s",
			fn, x.Shape(), m.names[0], m.layers[0].Type(), noneShape(m.built.inputShape))
	}
	if err := checkFinite(x, "x"); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, fn)
	}
	if dtype := m.built.input.DType(); x.DType() != dtype {
		if !x.DType().IsFloat() && x.DType() != tensor.Int64 {
			return nil, fmt.Errorf("models: %s: x has dtype %v", fn, x.DType())
		}
		x = tensor.Cast(x, dtype)
	}
	return x, nil
}
