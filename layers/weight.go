package layers

import (
	"fmt"

	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Weight is one variable of a layer, such as a Dense layer's kernel. Its
// value lives outside any graph: every graph that a model builds (for
// training, for inference) binds the same storage, so an update made by a
// training step is seen by Predict, and a layer shared by two calls or two
// models has one value.
type Weight struct {
	Name        string // "dense_1/kernel"
	Trainable   bool   // updated by the optimizer (false for moving statistics)
	Regularizer regularizers.Regularizer
	// Constraint, if set, projects the weight after each optimizer update
	// (Keras's kernel_constraint and friends).
	Constraint constraints.Constraint

	value *tensor.Tensor
}

// constrain sets w's constraint; a nil w (a layer without bias) is left
// alone.
func constrain(w *Weight, c constraints.Constraint) {
	if w != nil {
		w.Constraint = c
	}
}

// NewWeight returns a weight holding value (the storage is value itself,
// not a copy). Layers create weights with Context.AddWeight; NewWeight is
// for code that assembles weights by hand.
func NewWeight(name string, value *tensor.Tensor, trainable bool, reg regularizers.Regularizer) (*Weight, error) {
	if value == nil {
		return nil, fmt.Errorf("layers: weight %s: value is nil", name)
	}
	if !value.DType().IsFloat() {
		return nil, fmt.Errorf("layers: weight %s: dtype %v is not a float type", name, value.DType())
	}
	return &Weight{Name: name, Trainable: trainable, Regularizer: reg, value: value}, nil
}

// Value returns the weight's current value. It is the live storage: copy it
// (Clone) to keep it, and do not change it while a model runs.
func (w *Weight) Value() *tensor.Tensor { return w.value }

// Shape returns the weight's shape.
func (w *Weight) Shape() tensor.Shape { return w.value.Shape() }

// DType returns the weight's dtype.
func (w *Weight) DType() tensor.DType { return w.value.DType() }

// Set copies v into the weight; v must have the weight's dtype and shape.
func (w *Weight) Set(v *tensor.Tensor) error {
	if v == nil {
		return fmt.Errorf("layers: weight %s: value is nil", w.Name)
	}
	if v.DType() != w.value.DType() || !v.Shape().Equal(w.value.Shape()) {
		return fmt.Errorf("layers: weight %s is %v %s, got %v %s",
			w.Name, w.value.DType(), FormatShape(w.value.Shape()), v.DType(), FormatShape(v.Shape()))
	}
	w.value.CopyFrom(v)
	return nil
}
