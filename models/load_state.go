package models

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// restoreState rebuilds the training step of a model that had trained
// (on labels of the saved kind), restores the optimizer's variables into
// it, and then the random streams.
func (m *Model) restoreState(a *saving.Archive, st *stateFile) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	hasOpt := a.Has(entryOptimizer)
	switch {
	case hasOpt != (len(st.TrainLabels) > 0):
		return fmt.Errorf("%s and the labels in %s must come together", entryOptimizer, entryState)
	case hasOpt && m.comp == nil:
		return fmt.Errorf("%s is there but the model is not compiled", entryOptimizer)
	}
	if hasOpt {
		if err := m.seedTrainingStep(st.SeedRNG); err != nil {
			return err
		}
		file, err := readTensors(a, entryOptimizer)
		if err != nil {
			return err
		}
		if err := m.restoreOptimizer(st.TrainLabels, st.TrainInputs, file); err != nil {
			return err
		}
	}
	if st.RandomStep < 0 {
		return fmt.Errorf("%s: random_step is %d, want a count >= 0", entryState, st.RandomStep)
	}
	m.step.Int64s()[0] = st.RandomStep
	if err := m.rng.UnmarshalBinary(st.RNG); err != nil {
		return fmt.Errorf("%s: rng: %w", entryState, err)
	}
	if st.ShuffleRNG != nil {
		r := tensor.NewRNG(0)
		if err := r.UnmarshalBinary(st.ShuffleRNG); err != nil {
			return fmt.Errorf("%s: shuffle_rng: %w", entryState, err)
		}
		m.shuffle = r
	}
	return nil
}

// seedTrainingStep sets the model's random stream to the state it had
// when the saved model built its training step, so that the training step
// rebuilt next draws the same seeds for its random layers (restoreState
// then sets the stream's final state). A file without that state leaves
// the stream alone.
func (m *Model) seedTrainingStep(state []byte) error {
	if state == nil {
		return nil
	}
	if err := m.rng.UnmarshalBinary(state); err != nil {
		return fmt.Errorf("%s: seed_rng: %w", entryState, err)
	}
	return nil
}

// restoreOptimizer builds the training step for labels of the saved kinds
// and sets the optimizer's variables from file (the optimizer entry's
// tensors by name). The caller holds m.mu.
func (m *Model) restoreOptimizer(kinds []labelConfig, inputs [][]int, file map[string]*tensor.Tensor) error {
	xs, err := m.trainInputs(inputs)
	if err != nil {
		return err
	}
	ys := make([]*tensor.Tensor, len(kinds))
	for i, k := range kinds {
		dt, err := parseDType(k.DType)
		if err != nil {
			return fmt.Errorf("%s: train_labels: %w", entryState, err)
		}
		if err := checkShape(k.Shape); err != nil {
			return fmt.Errorf("%s: train_labels: %w", entryState, err)
		}
		ys[i] = tensor.New(dt, append([]int{0}, k.Shape...)...)
	}
	if n := len(m.trainedNames()); n != len(ys) {
		return fmt.Errorf("%s: labels of %d outputs, the model trains %d", entryState, len(ys), n)
	}
	h, err := m.headFor(xs, ys, true)
	if err != nil {
		return fmt.Errorf("rebuilding the training step: %w", trimPrefix(err))
	}
	vars := optimizerVariables(h)
	known := map[string]bool{}
	for _, v := range vars {
		t, ok := file[v.Name()]
		if !ok {
			return fmt.Errorf("%s has no variable %s (is it from another optimizer?)", entryOptimizer, v.Name())
		}
		if t.DType() != v.DType() || !t.Shape().Equal(v.Shape()) {
			return fmt.Errorf("optimizer variable %s is %s, but %s in %s", v.Name(), describe(v.Value()), describe(t), entryOptimizer)
		}
		known[v.Name()] = true
	}
	if len(file) != len(vars) {
		var extra []string
		for n := range file {
			if !known[n] {
				extra = append(extra, n)
			}
		}
		return fmt.Errorf("%s holds variables the optimizer does not have: %s", entryOptimizer, strings.Join(sortedStrings(extra), ", "))
	}
	for _, v := range vars {
		if err := v.SetValue(file[v.Name()]); err != nil {
			return err
		}
	}
	return nil
}

// trainInputs returns empty inputs of the saved training step's input
// shapes: the model's own, or for a model with None input dimensions those
// saved (which must fit the model's).
func (m *Model) trainInputs(saved [][]int) ([]*tensor.Tensor, error) {
	dtype, _ := m.dtype()
	shapes := m.topo.inputShapes()
	if m.inf == nil {
		if len(saved) != len(shapes) {
			return nil, fmt.Errorf("%s: train_inputs has %d shapes, the model has %d inputs", entryState, len(saved), len(shapes))
		}
		for i, s := range saved {
			if err := checkShape(s); err != nil {
				return nil, fmt.Errorf("%s: train_inputs: %w", entryState, err)
			}
			if !layers.Fits(s, shapes[i]) {
				return nil, fmt.Errorf("%s: train_inputs: shape %s does not fit the model's input of shape %s",
					entryState, layers.FormatSampleShape(s), layers.FormatSampleShape(shapes[i]))
			}
			shapes[i] = s
		}
	} else if saved != nil {
		return nil, fmt.Errorf("%s: train_inputs is for models with None input dimensions", entryState)
	}
	xs := make([]*tensor.Tensor, len(shapes))
	for i, s := range shapes {
		xs[i] = tensor.New(dtype, append([]int{0}, s...)...)
	}
	return xs, nil
}
