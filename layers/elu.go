package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// ELU is Keras's ELU layer: x for x > 0 and Alpha·(exp(x) − 1) elsewhere.
// It has no weights.
type ELU struct {
	// Alpha scales the negative part; nil means Keras's default, 1.0
	// (new(0.0) gives the plain ReLU). It must be finite.
	Alpha *float64
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "ELU".
func (*ELU) Type() string { return "ELU" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*ELU) SupportsMasking() bool { return true }

// LayerName returns Name.
func (e *ELU) LayerName() string { return e.Name }

// AlphaValue returns the alpha in use: Alpha, or 1 if nil.
func (e *ELU) AlphaValue() float64 { return valueOr(e.Alpha, 1) }

// Validate checks that alpha is finite.
func (e *ELU) Validate() error { return finite(e, "alpha", e.AlphaValue()) }

// OutputShapes returns the input's shape.
func (e *ELU) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(e, e.Validate, in)
}

// Build checks alpha; there are no weights.
func (e *ELU) Build(_ *Context, _ []tensor.Shape) error { return e.Validate() }

// Call adds graph.Elu(x, alpha).
func (e *ELU) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(e, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Elu(x, e.AlphaValue())}, nil
}
