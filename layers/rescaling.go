package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Rescaling is Keras's Rescaling: output = input·Scale + Offset, e.g.
// Scale 1/255 to bring pixels into [0, 1]. It has no weights.
//
// Keras's scale has no default; here the zero value of Scale is an error
// (Validate), since a layer that maps everything to Offset is never meant.
// Offset's zero value is Keras's default, 0.
type Rescaling struct {
	// Scale multiplies the input; it must be set (non-zero).
	Scale float64
	// Offset is added after scaling.
	Offset float64
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Rescaling".
func (*Rescaling) Type() string { return "Rescaling" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*Rescaling) SupportsMasking() bool { return true }

// LayerName returns Name.
func (r *Rescaling) LayerName() string { return r.Name }

// DeclaredInputShape returns InputShape.
func (r *Rescaling) DeclaredInputShape() []int { return r.InputShape }

// Validate checks that Scale is set.
func (r *Rescaling) Validate() error {
	if r.Scale == 0 {
		return Errorf(r, "scale must be set (it is 0)")
	}
	return nil
}

// OutputShapes returns the input's shape.
func (r *Rescaling) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(r, in)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build checks the configuration; there are no weights.
func (r *Rescaling) Build(*Context, []tensor.Shape) error { return r.Validate() }

// Call adds x·Scale + Offset (the addition left out when Offset is 0).
func (r *Rescaling) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(r, in)
	if err != nil {
		return nil, err
	}
	y := graph.Mul(x, ctx.Graph.Scalar(r.Scale))
	if r.Offset != 0 {
		y = graph.Add(y, ctx.Graph.Scalar(r.Offset))
	}
	return []*graph.Node{y}, nil
}
