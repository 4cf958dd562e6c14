package models

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// This file holds what a model does for its stateful layers (recurrent
// layers with Stateful, see layers/rnn_stateful.go): it gives them the
// batch size its InputLayers declare, runs the assignments of their final
// states after every batch of every pass (Fit, Evaluate, Predict and the
// on-batch methods, as Keras assigns them in call), insists on batches of
// that size, and resets them with ResetStates.

// stateful is what the inference pass learnt of the model's stateful
// layers: the first of them, for messages, and their batch size.
type stateful struct {
	layer layers.Layer
	batch int
}

// batchSize returns the batch size the model's inputs declare (their
// InputLayers' BatchSize), 0 if none does; inputs that declare different
// sizes are an error.
func (t *topology) batchSize() (int, error) {
	batch := 0
	for _, in := range t.inputs {
		il, _ := in.Layer().(*layers.InputLayer)
		if il == nil || il.BatchSize == 0 {
			continue
		}
		if batch != 0 && il.BatchSize != batch {
			return 0, fmt.Errorf("models: the model's inputs declare batch sizes %d and %d; a model has one batch size", batch, il.BatchSize)
		}
		batch = il.BatchSize
	}
	return batch, nil
}

// newScope returns a pass of the model over vars, with the model's
// declared batch size, whose random layers draw their seeds from rng.
func (m *Model) newScope(vars *layers.Vars, training bool, rng *tensor.RNG) *layers.Scope {
	dtype, _ := m.dtype()
	s := layers.NewScope(vars, dtype, rng, training)
	s.SetBatchSize(m.batch)
	return s
}

// stateAssigns returns one node that runs the state updates registered in
// scope s, nil if there are none.
func stateAssigns(s *layers.Scope) *graph.Node {
	us := s.StateUpdates()
	if len(us) == 0 {
		return nil
	}
	steps := make([]*graph.Node, len(us))
	for i, u := range us {
		steps[i] = graph.Assign(s.Vars().Node(u.Weight), u.Value)
	}
	return graph.Group(steps...)
}

// statefulOf returns what the updates of scope s say of the model's
// stateful layers (nil when there are none).
func statefulOf(s *layers.Scope) *stateful {
	us := s.StateUpdates()
	if len(us) == 0 {
		return nil
	}
	return &stateful{layer: us[0].Layer, batch: us[0].Weight.Shape()[0]}
}

// runBatchSize returns the batch size of a run of fn over n samples with
// the requested size bs (0: the default): Keras's default of 32 for most
// models; for a model with stateful layers (st not nil), their batch
// size, which bs must then be, and n a multiple of.
func (st *stateful) runBatchSize(bs, n int, fn string) (int, error) {
	if st == nil {
		return batchSize(bs, n)
	}
	if bs == 0 {
		bs = st.batch
	}
	if bs != st.batch {
		return 0, fmt.Errorf("models: %s: BatchSize is %d, but %s is stateful with states for batches of %d: use BatchSize %d",
			fn, bs, layers.Describe(st.layer), st.batch, st.batch)
	}
	if n%st.batch != 0 {
		return 0, fmt.Errorf("models: %s: %d samples do not make whole batches of %d, which %s keeps states for",
			fn, n, st.batch, layers.Describe(st.layer))
	}
	return bs, nil
}

// checkBatch checks that one batch of n samples, given to an on-batch
// method fn, fits the model's stateful layers.
func (st *stateful) checkBatch(n int, fn string) error {
	if st != nil && n != st.batch {
		return fmt.Errorf("models: %s: the batch has %d samples, but %s is stateful with states for batches of %d",
			fn, n, layers.Describe(st.layer), st.batch)
	}
	return nil
}

// ResetStates sets the states of every stateful layer of the model to
// zeros, nested models' included, as Keras's reset_states (a Keras 2
// model method; Keras 3 resets layer by layer with reset_state). It waits
// for a training step or prediction that uses the states to finish.
func (m *Model) ResetStates() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, l := range m.Layers() {
		if r, ok := l.(layers.StateResetter); ok {
			r.ResetStates()
		}
	}
}
