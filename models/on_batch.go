package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// onBatch holds what TrainOnBatch and TestOnBatch reuse from call to call
// for one head, so that a steady-state call allocates nothing.
type onBatch struct {
	feeds     graph.Feeds
	batch     []*tensor.Tensor // inputs, then labels
	trainOuts []*tensor.Tensor
	evalOuts  []*tensor.Tensor
	trainRes  []float64 // loss, metrics… returned by TrainOnBatch
	evalRes   []float64 // loss, metrics… returned by TestOnBatch
	means     *means    // turns one batch's values into results
	// accumulates is true when a metric is an Accumulator, whose
	// statistics need turning into its value.
	accumulates bool
}

// predictBatch holds what PredictOnBatch reuses from call to call.
type predictBatch struct {
	inf   *inference // the graph of the last call
	feeds graph.Feeds
	xs    []*tensor.Tensor
	outs  []*tensor.Tensor
}

// TrainOnBatch runs one optimizer step on the single batch x, y and returns
// the loss and then each compiled metric on that batch (the names of
// MetricsNames), as Keras's model.train_on_batch (with its default
// reset_metrics=True): the values are computed in training mode (Dropout
// on) before the update. There are no callbacks, no shuffling and no
// splitting: the whole of x is one batch, whatever its size.
//
// TrainOnBatch is the allocation-free way to write one's own training
// loop. The returned slice belongs to the model and is overwritten by the
// next TrainOnBatch call; copy it to keep it. When x (and float labels y)
// already have the model's dtype and the batch size stays the same, a
// call after the first allocates nothing on the Go heap; other dtypes are
// converted, which copies them. It must not be called concurrently with
// the model's other methods except Predict.
func (m *Model) TrainOnBatch(x, y Data) ([]float64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.comp != nil && m.comp.dist != nil {
		return nil, errors.New("models: TrainOnBatch does not split batches over a Distributor's ranks; use Fit")
	}
	h, ob, err := m.onBatchData(x, y, "TrainOnBatch", true)
	if err != nil {
		return nil, err
	}
	err = h.sess.RunInto(ob.feeds, h.train, ob.trainOuts)
	if err == nil {
		err = h.applyConstraints()
	}
	h.unfeed(ob.feeds) // keep no reference to the caller's data
	if err != nil {
		return nil, fmt.Errorf("models: TrainOnBatch: %w", err)
	}
	ob.results(ob.trainOuts, ob.trainRes)
	return ob.trainRes, nil
}

// TestOnBatch returns the loss and then each compiled metric on the single
// batch x, y, computed in inference mode (Dropout off) without updating
// the weights, as Keras's model.test_on_batch. The returned slice belongs
// to the model and is overwritten by the next TestOnBatch call; as with
// TrainOnBatch, a call after the first allocates nothing when the dtypes
// match the model's and the batch size stays the same. It must not be
// called concurrently with the model's other methods except Predict.
func (m *Model) TestOnBatch(x, y Data) ([]float64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ob, err := m.onBatchData(x, y, "TestOnBatch", false)
	if err != nil {
		return nil, err
	}
	err = h.sess.RunInto(ob.feeds, h.eval, ob.evalOuts)
	h.unfeed(ob.feeds)
	if err != nil {
		return nil, fmt.Errorf("models: TestOnBatch: %w", err)
	}
	ob.results(ob.evalOuts, ob.evalRes)
	return ob.evalRes, nil
}

// ErrConcurrentPredictOnBatch is returned by PredictOnBatch when another
// goroutine is inside PredictOnBatch of the same model: its result lives in
// buffers the model reuses, so concurrent calls cannot both own it. Use
// Predict, which is safe for concurrent use.
var ErrConcurrentPredictOnBatch = errors.New("models: PredictOnBatch is already running in another goroutine; use Predict for concurrent predictions")

// PredictOnBatch returns the model's output for the single batch x in
// inference mode (Dropout off), as Keras's model.predict_on_batch. The
// returned tensor belongs to the model and is overwritten by the next
// PredictOnBatch call with the same batch size; Clone it to keep it. A
// call after the first with the same batch size and the model's dtype
// allocates nothing. The model needs no Compile for this.
//
// PredictOnBatch is for one goroutine at a time: a call made while another
// is running returns ErrConcurrentPredictOnBatch (it never races). It may
// run while another goroutine trains the model.
func (m *Model) PredictOnBatch(x Data) (*tensor.Tensor, error) {
	if !m.onBatch.TryLock() {
		return nil, ErrConcurrentPredictOnBatch
	}
	defer m.onBatch.Unlock()
	if m.predBufs == nil {
		m.predBufs = &predictBatch{feeds: graph.Feeds{}, outs: make([]*tensor.Tensor, 1)}
	}
	pb := m.predBufs
	xs, inf, err := m.predictSetup(pb.xs, x)
	if err != nil {
		return nil, fmt.Errorf("models: PredictOnBatch: %w", trimPrefix(err))
	}
	pb.xs = xs
	if len(inf.outputs) != 1 {
		return nil, fmt.Errorf("models: PredictOnBatch: the model has %d outputs: use PredictAll", len(inf.outputs))
	}
	if xs[0].Dim(0) == 0 {
		return nil, errors.New("models: PredictOnBatch: x has no samples")
	}
	if err := inf.stateful.checkBatch(xs[0].Dim(0), "PredictOnBatch"); err != nil {
		return nil, err
	}
	if len(pb.outs) != len(inf.fetches) {
		pb.outs = make([]*tensor.Tensor, len(inf.fetches)) // the output, then the states' node
	}
	if out := pb.outs[0]; out != nil && (out.Dim(0) != xs[0].Dim(0) || !out.Shape()[1:].Equal(inf.outputs[0].Shape()[1:])) {
		pb.outs[0] = nil // another batch size or sequence length: RunInto makes a new result
	}
	if pb.inf != inf { // another graph (None input dimensions): forget the last one's placeholders
		clear(pb.feeds)
		pb.inf = inf
	}
	for k, p := range inf.inputs {
		pb.feeds[p] = xs[k]
	}
	m.mu.RLock()
	err = inf.sess.RunInto(pb.feeds, inf.fetches, pb.outs)
	m.mu.RUnlock()
	for _, p := range inf.inputs {
		pb.feeds[p] = nil
	}
	if err != nil {
		pb.outs[0] = nil
		return nil, fmt.Errorf("models: PredictOnBatch: %w", err)
	}
	return pb.outs[0], nil
}

// onBatchData validates one batch for TrainOnBatch or TestOnBatch and
// returns the head for its labels with the head's reusable buffers filled.
// The caller holds m.mu for writing.
func (m *Model) onBatchData(x, y Data, fn string, training bool) (*head, *onBatch, error) {
	if m.comp == nil {
		return nil, nil, fmt.Errorf("models: the model must be compiled before %s (call Compile)", fn)
	}
	xs, err := m.prepareInputs(m.scratchX(), x, "x")
	if err != nil {
		return nil, nil, fmt.Errorf("models: %s: %w", fn, trimPrefix(err))
	}
	n := xs[0].Dim(0)
	if n == 0 {
		return nil, nil, fmt.Errorf("models: %s: x has no samples", fn)
	}
	ys, err := m.prepareLabels(m.scratchY(), y, n, "y")
	if err != nil {
		return nil, nil, fmt.Errorf("models: %s: %w", fn, trimPrefix(err))
	}
	h, err := m.headFor(xs, ys, training)
	if err != nil {
		return nil, nil, err
	}
	if err := h.stateful.checkBatch(n, fn); err != nil {
		return nil, nil, err
	}
	if h.onBatch == nil {
		h.onBatch = &onBatch{
			feeds:    graph.Feeds{},
			batch:    make([]*tensor.Tensor, len(xs)+len(ys)),
			evalOuts: make([]*tensor.Tensor, len(h.eval)),
			evalRes:  make([]float64, len(h.names)),
			trainRes: make([]float64, len(h.names)),
			means:    newMeans(h),
		}
		for _, a := range h.accs {
			h.onBatch.accumulates = h.onBatch.accumulates || a != nil
		}
	}
	ob := h.onBatch
	if training && len(ob.trainOuts) != len(h.train) {
		ob.trainOuts = make([]*tensor.Tensor, len(h.train))
	}
	copy(ob.batch, xs)
	copy(ob.batch[len(xs):], ys)
	h.feed(ob.feeds, ob.batch)
	// Outputs are scalars except the update node's, whose shape does not
	// depend on the batch, so the same outs serve every batch size.
	return h, ob, nil
}

// scratch holds the slices the on-batch methods pass data in, so that a
// steady-state call allocates nothing.
type scratch struct {
	x, y []*tensor.Tensor
}

// scratchX returns the reusable slice for the inputs (nil if the model's
// inputs are not known yet).
func (m *Model) scratchX() []*tensor.Tensor {
	if m.topo == nil || !m.built {
		return nil
	}
	if m.scratch == nil {
		m.scratch = &scratch{}
	}
	if len(m.scratch.x) != len(m.topo.inputs) {
		m.scratch.x = make([]*tensor.Tensor, len(m.topo.inputs))
	}
	return m.scratch.x
}

// scratchY returns the reusable slice for the labels.
func (m *Model) scratchY() []*tensor.Tensor {
	if m.scratch == nil {
		m.scratch = &scratch{}
	}
	if n := len(m.trainedNames()); len(m.scratch.y) != n {
		m.scratch.y = make([]*tensor.Tensor, n)
	}
	return m.scratch.y
}

// results writes the values of one batch (outs) into res.
func (ob *onBatch) results(outs []*tensor.Tensor, res []float64) {
	if !ob.accumulates {
		for k := range res {
			res[k] = scalar(outs[k])
		}
		return
	}
	ob.means.reset()
	ob.means.add(outs, 1)
	for k := range res {
		res[k] = ob.means.value(k)
	}
}
