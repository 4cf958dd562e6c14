package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Input declares the per-sample shape of a model's inputs (batch axis
// excluded), Keras's keras.Input(shape=…) as the first layer of a
// Sequential model; its Keras class is InputLayer. It passes its input
// through and has no weights. Shape is required: nil is an error (an empty,
// non-nil Shape declares scalar samples).
type Input struct {
	// Shape is the per-sample input shape; every dimension must be
	// positive.
	Shape []int
	// Name is the layer's name; empty lets the model choose one
	// ("input_layer", …).
	Name string

	name string
}

// Type returns "InputLayer", Keras's class name.
func (*Input) Type() string { return "InputLayer" }

// LayerName returns Name.
func (in *Input) LayerName() string { return in.Name }

// DeclaredInputShape returns Shape.
func (in *Input) DeclaredInputShape() []int { return in.Shape }

// OutputShape returns Shape, after checking that inputShape is Shape.
func (in *Input) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	name := layerName(in.name, in.Name)
	if in.Shape == nil {
		return nil, layerErr(name, in.Type(), "Shape is required")
	}
	for _, d := range in.Shape {
		if d <= 0 {
			return nil, layerErr(name, in.Type(), "every dimension of Shape must be positive, got %s", sampleShape(in.Shape))
		}
	}
	if !inputShape.Equal(in.Shape) {
		return nil, layerErr(name, in.Type(), "expects inputs of shape %s, got %s", sampleShape(in.Shape), sampleShape(inputShape))
	}
	return tensor.Shape(in.Shape).Clone(), nil
}

// Build checks Shape against inputShape; there are no weights.
func (in *Input) Build(ctx *Context, inputShape tensor.Shape) error {
	if ctx != nil {
		in.name = ctx.Name
	}
	_, err := in.OutputShape(inputShape)
	return err
}

// Call returns x.
func (in *Input) Call(ctx *Context, x *graph.Node, _ bool) (*graph.Node, error) {
	if err := checkInput(ctx, x, layerName(in.name, in.Name), in.Type()); err != nil {
		return nil, err
	}
	return x, nil
}

// Weights returns nil: Input has no weights.
func (*Input) Weights() []*Weight { return nil }
