package models

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// SaveWeights writes the model's weights to a safetensors file at path
// (package saving), named as WeightNames says ("dense/kernel", …), as
// Keras's model.save_weights. The file is replaced atomically.
func (m *Model) SaveWeights(path string) error {
	if err := m.requireBuilt("SaveWeights"); err != nil {
		return err
	}
	if err := saving.SaveWeights(path, m.WeightNames(), m.WeightValues()); err != nil {
		return fmt.Errorf("models: SaveWeights: %w", err)
	}
	return nil
}

// LoadWeights reads weights saved by SaveWeights (or a ModelCheckpoint)
// into the model, as Keras's model.load_weights. A model that knows its
// input shapes is built first. Weights are matched by
// name, so the file's order does not matter; every weight of the model must
// be in the file with its dtype and shape, and the file must hold no other
// tensor. Nothing is changed if any weight does not fit.
func (m *Model) LoadWeights(path string) error {
	if err := m.requireBuilt("LoadWeights"); err != nil {
		return err
	}
	names, ts, err := saving.LoadWeights(path)
	if err != nil {
		return fmt.Errorf("models: LoadWeights: %w", err)
	}
	byName := make(map[string]*tensor.Tensor, len(names))
	for i, n := range names {
		byName[n] = ts[i]
	}
	want := m.WeightNames()
	current := m.WeightValues()
	values := make([]*tensor.Tensor, len(want))
	for i, n := range want {
		v, ok := byName[n]
		if !ok {
			return fmt.Errorf("models: LoadWeights: %s has no weight %s", path, n)
		}
		if v.DType() != current[i].DType() || !v.Shape().Equal(current[i].Shape()) {
			return fmt.Errorf("models: LoadWeights: weight %s is %s in the model but %s in %s",
				n, describe(current[i]), describe(v), path)
		}
		values[i] = v
		delete(byName, n)
	}
	if len(byName) > 0 {
		var extra []string
		for _, n := range names {
			if _, ok := byName[n]; ok {
				extra = append(extra, n)
			}
		}
		return fmt.Errorf("models: LoadWeights: %s holds weights the model does not have: %s", path, strings.Join(extra, ", "))
	}
	if err := m.SetWeights(values); err != nil {
		return fmt.Errorf("models: LoadWeights: %w", err)
	}
	return nil
}
