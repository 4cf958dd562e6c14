package models

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// redistribute recompiles a model that has a training step so that the
// step runs over d (nil: in this process alone): it takes the compile
// settings and the optimizer's variables as Save would, compiles anew as
// Load does, rebuilds the training step with d and sets the variables
// back. The random streams end as they were, as after Load.
func (m *Model) redistribute(d Distributor) error {
	m.mu.Lock()
	cc, err := m.compileConfig()
	var st *stateFile
	var names []string
	var values []*tensor.Tensor
	if err == nil {
		st, names, values, err = m.trainingState()
	}
	file := make(map[string]*tensor.Tensor, len(names))
	for i, name := range names {
		file[name] = values[i].Clone()
	}
	m.mu.Unlock()
	if err != nil {
		return fmt.Errorf("models: SetDistributor: the model has trained and cannot be recompiled: %w", err)
	}
	if err := m.compileLoaded(cc); err != nil {
		return fmt.Errorf("models: SetDistributor: the model has trained and cannot be recompiled: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if d != nil {
		m.comp.dist = &distributed{d: d}
	}
	if err := m.restoreOptimizer(st.TrainLabels, st.TrainInputs, file); err != nil {
		return fmt.Errorf("models: SetDistributor: restoring the optimizer: %w", err)
	}
	if err := m.rng.UnmarshalBinary(st.RNG); err != nil {
		return fmt.Errorf("models: SetDistributor: %w", err)
	}
	return nil
}
