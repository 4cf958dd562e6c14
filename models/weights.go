package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// Weights returns copies of every weight of the model, in layer order, as
// Keras's model.get_weights. It returns nil before the model is built.
func (m *Sequential) Weights() []*tensor.Tensor {
	var out []*tensor.Tensor
	for _, l := range m.layers {
		for _, w := range l.Weights() {
			out = append(out, w.Value().Clone())
		}
	}
	return out
}

// WeightNames returns the names of the weights in the order of Weights.
func (m *Sequential) WeightNames() []string {
	var out []string
	for _, l := range m.layers {
		for _, w := range l.Weights() {
			out = append(out, w.Name)
		}
	}
	return out
}

// SetWeights copies values into the model's weights, as Keras's
// model.set_weights; values must match Weights in number, dtype and shape.
// Nothing is changed if any value does not fit.
func (m *Sequential) SetWeights(values []*tensor.Tensor) error {
	if m.built == nil {
		return errors.New("models: SetWeights: the model is not built")
	}
	var ws []*layers.Weight
	for _, l := range m.layers {
		ws = append(ws, l.Weights()...)
	}
	if len(values) != len(ws) {
		return fmt.Errorf("models: SetWeights: got %d values for %d weights", len(values), len(ws))
	}
	for i, w := range ws {
		v := values[i]
		if v == nil || v.DType() != w.Node.DType() || !v.Shape().Equal(w.Node.Shape()) {
			return fmt.Errorf("models: SetWeights: weight %s is %v %v, got %v", w.Name, w.Node.DType(), w.Node.Shape(), describe(v))
		}
	}
	for i, w := range ws {
		if err := w.Set(values[i]); err != nil {
			return fmt.Errorf("models: SetWeights: %w", err)
		}
	}
	return nil
}

// describe names a tensor's dtype and shape for error messages.
func describe(t *tensor.Tensor) string {
	if t == nil {
		return "nil"
	}
	return fmt.Sprintf("%v %v", t.DType(), t.Shape())
}

// LearningRate returns the optimizer's learning rate; ok is false before
// Compile.
func (m *Sequential) LearningRate() (lr float64, ok bool) {
	if m.comp == nil {
		return 0, false
	}
	return m.comp.optimizer.LearningRateValue(), true
}

// SetLearningRate changes the optimizer's learning rate.
func (m *Sequential) SetLearningRate(lr float64) error {
	if m.comp == nil {
		return errors.New("models: SetLearningRate: the model is not compiled")
	}
	return m.comp.optimizer.SetLearningRate(lr)
}
