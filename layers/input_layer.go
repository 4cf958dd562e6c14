package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// InputLayer declares the per-sample shape of a model input (batch axis
// excluded), Keras's InputLayer. In a Sequential model it may come first
// (as Keras's model.add(keras.Input(shape=…))); in the functional API,
// [Input] makes one and returns its symbolic tensor. It passes its input
// through and has no weights. Shape is required: nil is an error (an empty,
// non-nil Shape declares scalar samples).
type InputLayer struct {
	// Shape is the per-sample input shape; every dimension must be
	// positive or None (a length not known until the data comes, such as
	// the timesteps of sequences: Keras's shape=(None, features)).
	Shape []int
	// BatchSize, if positive, fixes the model's batch size, Keras's
	// batch_size (batch_shape's first entry): stateful recurrent layers
	// need it. 0 leaves the batch size free.
	BatchSize int
	// Name is the layer's name; empty lets the model choose one
	// ("input_layer", "input_layer_1", …).
	Name string

	Base
}

// Type returns "InputLayer", Keras's class name.
func (*InputLayer) Type() string { return "InputLayer" }

// LayerName returns Name.
func (in *InputLayer) LayerName() string { return in.Name }

// DeclaredInputShape returns Shape.
func (in *InputLayer) DeclaredInputShape() []int { return in.Shape }

// Validate checks that Shape is given, each dimension positive or None,
// and BatchSize not negative.
func (in *InputLayer) Validate() error {
	if in.Shape == nil {
		return Errorf(in, "Shape is required")
	}
	if in.BatchSize < 0 {
		return Errorf(in, "BatchSize must not be negative, got %d", in.BatchSize)
	}
	for _, d := range in.Shape {
		if d <= 0 && d != None {
			return Errorf(in, "every dimension of Shape must be positive or None, got %s", sampleShape(in.Shape))
		}
	}
	return nil
}

// OutputShapes returns Shape, after checking that the one input has it
// (a None dimension takes any length).
func (in *InputLayer) OutputShapes(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	s, err := One(in, shapes)
	if err != nil {
		return nil, err
	}
	if !declares(in.Shape, s) {
		return nil, Errorf(in, "expects inputs of shape %s, got %s", sampleShape(in.Shape), sampleShape(s))
	}
	return []tensor.Shape{tensor.Shape(in.Shape).Clone()}, nil
}

// Build checks Shape against the input's shape; there are no weights.
func (in *InputLayer) Build(_ *Context, shapes []tensor.Shape) error {
	_, err := in.OutputShapes(shapes)
	return err
}

// Call returns its input.
func (in *InputLayer) Call(_ *Context, x []*graph.Node) ([]*graph.Node, error) {
	if _, err := One(in, x); err != nil {
		return nil, err
	}
	return x, nil
}

// declares reports whether a declared per-sample shape (None dimensions
// allowed) admits shape s.
func declares(decl []int, s tensor.Shape) bool {
	if len(decl) != len(s) {
		return false
	}
	for i, d := range decl {
		if d != s[i] && d != None {
			return false
		}
	}
	return true
}
