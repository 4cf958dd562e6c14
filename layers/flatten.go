package layers

import (
	"slices"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Flatten reshapes each sample to a vector, Keras's Flatten: (batch, d1,
// …, dn) becomes (batch, d1·…·dn). As in Keras, inputs without feature
// axes, (batch,), become (batch, 1). It has no weights.
type Flatten struct {
	// Name is the layer's name; empty lets the model choose one
	// ("flatten", "flatten_1", …).
	Name string
	// InputShape declares the per-sample input shape when Flatten is the
	// model's first layer (Keras's input_shape).
	InputShape []int

	Base
}

// Type returns "Flatten".
func (*Flatten) Type() string { return "Flatten" }

// LayerName returns Name.
func (f *Flatten) LayerName() string { return f.Name }

// DeclaredInputShape returns InputShape.
func (f *Flatten) DeclaredInputShape() []int { return f.InputShape }

// OutputShapes returns (d1·…·dn,) for an input of shape (d1, …, dn), and
// (None,) when a dimension is None, as Keras.
func (f *Flatten) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(f, in)
	if err != nil {
		return nil, err
	}
	size := 1
	for _, d := range s {
		if d <= 0 && d != None {
			return nil, Errorf(f, "cannot flatten inputs of shape %s: every dimension but the batch must be positive or None", sampleShape(s))
		}
		size *= d
	}
	if slices.Contains(s, None) {
		size = None
	}
	return []tensor.Shape{{size}}, nil
}

// Build does nothing: Flatten has no weights.
func (f *Flatten) Build(*Context, []tensor.Shape) error { return nil }

// Call reshapes x to (batch, size).
func (f *Flatten) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(f, in)
	if err != nil {
		return nil, err
	}
	if x.Shape().Rank() == 2 {
		return in, nil
	}
	out, err := f.OutputShapes([]tensor.Shape{x.Shape()[1:]})
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Reshape(x, -1, out[0][0])}, nil
}
