package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// DefaultLeakyReLUSlope is the negative slope of Keras's LeakyReLU layer
// (the leaky_relu activation function defaults to 0.2 instead).
const DefaultLeakyReLUSlope = 0.3

// LeakyReLU is Keras's LeakyReLU layer: x for x ≥ 0 and NegativeSlope·x
// below. It has no weights.
type LeakyReLU struct {
	// NegativeSlope ≥ 0 is the slope for negative inputs (Keras's
	// negative_slope, formerly alpha). nil means Keras's default,
	// [DefaultLeakyReLUSlope] (0.3); a slope of 0 must be given
	// explicitly, NegativeSlope: new(0.0), and gives the plain ReLU.
	NegativeSlope *float64
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "LeakyReLU".
func (*LeakyReLU) Type() string { return "LeakyReLU" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*LeakyReLU) SupportsMasking() bool { return true }

// LayerName returns Name.
func (l *LeakyReLU) LayerName() string { return l.Name }

// Slope returns the negative slope in use: NegativeSlope, or 0.3 if nil.
func (l *LeakyReLU) Slope() float64 { return valueOr(l.NegativeSlope, DefaultLeakyReLUSlope) }

// Validate checks that the slope is finite and ≥ 0, as Keras does.
func (l *LeakyReLU) Validate() error { return nonNegative(l, "negative_slope", l.Slope()) }

// OutputShapes returns the input's shape.
func (l *LeakyReLU) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(l, l.Validate, in)
}

// Build checks the slope; there are no weights.
func (l *LeakyReLU) Build(_ *Context, _ []tensor.Shape) error { return l.Validate() }

// Call adds graph.LeakyRelu(x, slope).
func (l *LeakyReLU) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(l, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.LeakyRelu(x, l.Slope())}, nil
}
