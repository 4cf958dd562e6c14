package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// modelWeights builds the model if it can and returns its weights (nil if
// it cannot be built yet).
func (m *Model) modelWeights() []*layers.Weight {
	if m.requireBuilt("Weights") != nil {
		return nil
	}
	return m.topo.weights()
}

// Weights returns copies of every weight of the model, in layer order, as
// Keras's model.get_weights. A model that knows its input shapes is built
// first; Weights returns nil for a model that cannot be built yet.
func (m *Model) WeightValues() []*tensor.Tensor {
	ws := m.modelWeights()
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*tensor.Tensor, len(ws))
	for i, w := range ws {
		out[i] = w.Value().Clone()
	}
	return out
}

// WeightNames returns the names of the weights in the order of
// WeightValues ("dense/kernel", …).
func (m *Model) WeightNames() []string {
	ws := m.modelWeights()
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Name
	}
	return out
}

// SetWeights copies values into the model's weights, as Keras's
// model.set_weights; values must match WeightValues in number, dtype and
// shape. Nothing is changed if any value does not fit.
func (m *Model) SetWeights(values []*tensor.Tensor) error {
	if err := m.requireBuilt("SetWeights"); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ws := m.topo.weights()
	if len(values) != len(ws) {
		return fmt.Errorf("models: SetWeights: got %d values for %d weights", len(values), len(ws))
	}
	for i, w := range ws {
		v := values[i]
		if v == nil || v.DType() != w.DType() || !v.Shape().Equal(w.Shape()) {
			return fmt.Errorf("models: SetWeights: weight %s is %v %s, got %v", w.Name, w.DType(), shapeString(w.Shape()), describe(v))
		}
	}
	for i, w := range ws {
		if err := w.Set(values[i]); err != nil {
			return fmt.Errorf("models: SetWeights: %w", err)
		}
	}
	return nil
}

// LearningRate returns the optimizer's learning rate; ok is false before
// Compile.
func (m *Model) LearningRate() (lr float64, ok bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.comp == nil {
		return 0, false
	}
	return m.comp.optimizer.LearningRateValue(), true
}

// SetLearningRate changes the optimizer's learning rate.
func (m *Model) SetLearningRate(lr float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.comp == nil {
		return errors.New("models: SetLearningRate: the model is not compiled")
	}
	return m.comp.optimizer.SetLearningRate(lr)
}
