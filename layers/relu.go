package layers

import (
	"math"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// ReLU is Keras's ReLU layer, the configurable rectifier of
// [activations.ReLUWith]: for x ≥ MaxValue it gives MaxValue, for
// Threshold ≤ x < MaxValue it gives x, and below Threshold
// NegativeSlope·(x − Threshold). The zero value is the plain max(x, 0). It
// has no weights.
type ReLU struct {
	// MaxValue caps the output; nil (Keras's None) leaves it uncapped.
	// It must be ≥ 0: new(6.0) gives relu6.
	MaxValue *float64
	// NegativeSlope ≥ 0 is the slope below Threshold (default 0).
	NegativeSlope float64
	// Threshold ≥ 0 is where the rectifier bends (default 0).
	Threshold float64
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	fn activations.Func
}

// Type returns "ReLU".
func (*ReLU) Type() string { return "ReLU" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*ReLU) SupportsMasking() bool { return true }

// LayerName returns Name.
func (r *ReLU) LayerName() string { return r.Name }

// Validate checks the options as Keras's ReLU does (MaxValue,
// NegativeSlope and Threshold ≥ 0) and that they are finite.
func (r *ReLU) Validate() error {
	if err := nonNegative(r, "negative_slope", r.NegativeSlope); err != nil {
		return err
	}
	if err := nonNegative(r, "threshold", r.Threshold); err != nil {
		return err
	}
	if r.MaxValue != nil {
		return nonNegative(r, "max_value", *r.MaxValue)
	}
	return nil
}

// OutputShapes returns the input's shape.
func (r *ReLU) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(r, r.Validate, in)
}

// Build fixes the activation from the options; there are no weights.
func (r *ReLU) Build(_ *Context, _ []tensor.Shape) error {
	if err := r.Validate(); err != nil {
		return err
	}
	fn, err := activations.ReLUWith(activations.ReLUOptions{
		NegativeSlope: r.NegativeSlope, MaxValue: r.MaxValue, Threshold: r.Threshold})
	if err != nil {
		return Errorf(r, "%v", err)
	}
	r.fn = fn
	return nil
}

// Call applies the rectifier.
func (r *ReLU) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(r, in)
	if err != nil {
		return nil, err
	}
	return applyActivation(ctx, r.fn, x)
}

// sameShape checks a one-input layer's configuration with validate and
// returns its input's shape: the output shape of an elementwise layer.
func sameShape(l Layer, validate func() error, in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(l, in)
	if err != nil {
		return nil, err
	}
	if err := validate(); err != nil {
		return nil, err
	}
	return []tensor.Shape{s.Clone()}, nil
}

// nonNegative returns an error about l unless the option v is finite and
// ≥ 0.
func nonNegative(l Layer, name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 1) {
		return Errorf(l, "%s must be finite and ≥ 0, got %g", name, v)
	}
	return nil
}

// finite returns an error about l unless the option v is finite.
func finite(l Layer, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Errorf(l, "%s must be finite, got %g", name, v)
	}
	return nil
}

// valueOr returns *v, or d when v is nil.
func valueOr(v *float64, d float64) float64 {
	if v == nil {
		return d
	}
	return *v
}
