package layers

import (
	"errors"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what layers that keep states between batches (Keras's
// stateful recurrent layers) need from the layer contract: the model's
// fixed batch size, and assignments that run in every pass.

// BatchSize returns the model's fixed batch size — the BatchSize its
// InputLayers declare, Keras's batch_size — or 0 when the model declares
// none (the batch size is then known only when a batch runs). It is set in
// Call.
func (c *Context) BatchSize() int {
	if c.scope == nil {
		return 0
	}
	return c.scope.batch
}

// AddStateUpdate registers an assignment w ← value that runs after every
// pass the layer is called in — a training step of Fit or TrainOnBatch,
// and also every batch of Evaluate, Predict, TestOnBatch and
// PredictOnBatch — once the pass's outputs are computed: the final states
// of a stateful recurrent layer, which Keras assigns in call whatever the
// mode. (AddUpdate, for moving statistics, runs in training only.) The
// first axis of w is the batch: a model runs only batches of
// w.Shape()[0] samples once a layer registers such an update. value must
// have w's dtype and shape (an unknown batch dimension fits).
func (c *Context) AddStateUpdate(w *Weight, value *graph.Node) error {
	if c.scope == nil {
		return errors.New("layers: AddStateUpdate is for Call")
	}
	if w == nil || value == nil {
		return Errorf(c.layer, "AddStateUpdate: weight and value must not be nil")
	}
	if w.Shape().Rank() < 1 || value.DType() != w.DType() || !Fits(value.Shape(), w.Shape()) {
		return Errorf(c.layer, "AddStateUpdate: state %s is %v %s, the update is %v %s",
			w.Name, w.DType(), FormatShape(w.Shape()), value.DType(), FormatShape(value.Shape()))
	}
	c.scope.states = append(c.scope.states, Update{Weight: w, Value: value, Layer: c.layer})
	return nil
}

// SetBatchSize sets the model's fixed batch size that layers read with
// Context.BatchSize (0: none declared).
func (s *Scope) SetBatchSize(n int) { s.batch = n }

// StateUpdates returns the updates registered with AddStateUpdate in the
// pass, which run in every pass, training or not.
func (s *Scope) StateUpdates() []Update { return s.states }

// StateResetter is implemented by the layers that can keep states between
// batches — SimpleRNN, LSTM and GRU with Stateful set, Bidirectional over
// them, and models holding such layers: ResetStates sets the states to
// zeros, Keras's reset_state (reset_states).
type StateResetter interface {
	ResetStates()
}

// zeroState sets a state weight to zeros, waiting for the runs of any
// graph that read or assign it.
func zeroState(w *Weight) {
	g := graph.New()
	v := g.VariableOf(w.Name, w.value)
	// The shapes and dtypes agree by construction, so SetValue cannot fail.
	_ = v.SetValue(tensor.New(w.DType(), w.Shape()...))
}

// readState returns a copy of a state weight, read when no run of any
// graph assigns it.
func readState(w *Weight) *tensor.Tensor {
	g := graph.New()
	out, err := graph.NewSession(g).Run(nil, graph.Identity(g.VariableOf(w.Name, w.value)))
	if err != nil { // a copy of a variable cannot fail; read it as is
		return w.value.Clone()
	}
	return out[0]
}
