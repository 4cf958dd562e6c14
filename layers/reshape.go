package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Reshape is Keras's Reshape: each sample takes the shape TargetShape
// (batch axis excluded), its elements kept in row-major order. One entry
// of TargetShape may be −1; it is inferred from the sample's size, which
// must then be known. It has no weights.
type Reshape struct {
	// TargetShape is the per-sample output shape: positive entries and at
	// most one −1. It must be set.
	TargetShape []int
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Reshape".
func (*Reshape) Type() string { return "Reshape" }

// LayerName returns Name.
func (r *Reshape) LayerName() string { return r.Name }

// DeclaredInputShape returns InputShape.
func (r *Reshape) DeclaredInputShape() []int { return r.InputShape }

// Validate checks TargetShape: set, positive entries, at most one −1.
func (r *Reshape) Validate() error {
	if len(r.TargetShape) == 0 {
		return Errorf(r, "target shape must be set")
	}
	free := 0
	for _, d := range r.TargetShape {
		switch {
		case d == -1:
			free++
		case d <= 0:
			return Errorf(r, "target shape %v must have positive entries and at most one -1", r.TargetShape)
		}
	}
	if free > 1 {
		return Errorf(r, "target shape %v has more than one -1", r.TargetShape)
	}
	return nil
}

// OutputShapes returns TargetShape with its −1 resolved. The sizes must
// match when the input's are known; a −1 needs them known.
func (r *Reshape) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(r, in)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	size, known := 1, true
	for _, d := range s {
		if d == graph.Unknown {
			known = false
		}
		size *= d
	}
	out, rest, free := tensor.Shape(append([]int(nil), r.TargetShape...)), 1, -1
	for i, d := range out {
		if d == -1 {
			free = i
		} else {
			rest *= d
		}
	}
	switch {
	case !known && free >= 0:
		return nil, Errorf(r, "target shape %v needs an input of known size to resolve -1, got %s", r.TargetShape, sampleShape(s))
	case !known:
	case free >= 0 && size%rest == 0:
		out[free] = size / rest
	case free >= 0 || size != rest:
		return nil, Errorf(r, "cannot reshape an input of shape %s (%d elements) to %v", sampleShape(s), size, r.TargetShape)
	}
	return []tensor.Shape{out}, nil
}

// Build checks the configuration; there are no weights.
func (r *Reshape) Build(*Context, []tensor.Shape) error { return r.Validate() }

// Call adds graph.Reshape(x, −1 (the batch), target…).
func (r *Reshape) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(r, in)
	if err != nil {
		return nil, err
	}
	out, err := r.OutputShapes(r.InputShapes())
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Reshape(x, append([]int{-1}, out[0]...)...)}, nil
}
