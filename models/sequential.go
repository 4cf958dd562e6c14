package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// Sequential is a linear stack of one-input, one-output layers, Keras's
// Sequential model. It is a Model (embedded): Compile, Fit, Evaluate,
// Predict and the rest are the Model's methods. Its input shape comes from
// its first layer (an InputShape field, or an InputLayer), from Build, or
// from the data of the first Fit, Evaluate or Predict.
type Sequential struct {
	Model
}

// NewSequential returns a model made of ls, in order. A nil layer or a
// layer whose configuration is wrong (Units 0, an unknown activation name,
// a Dropout rate outside [0, 1)) is an error, reported here and not at the
// first Fit.
func NewSequential(ls ...layers.Layer) (*Sequential, error) {
	m := &Sequential{Model: Model{sequential: true}}
	for i, l := range ls {
		if err := m.Add(l); err != nil {
			return nil, fmt.Errorf("%w (layer %d of NewSequential)", err, i)
		}
	}
	return m, nil
}

// MustSequential is NewSequential for layer lists known to be right (in
// examples and tests): it panics on an error.
func MustSequential(ls ...layers.Layer) *Sequential {
	m, err := NewSequential(ls...)
	if err != nil {
		panic(err)
	}
	return m
}

// Add appends a layer, as Keras's model.add. The layer is checked here: a
// nil layer or a wrong configuration is an error. Layers cannot be added
// once the model is built.
func (m *Sequential) Add(l layers.Layer) error {
	if layers.IsNil(l) {
		return errors.New("models: Add: the layer is nil")
	}
	if v, ok := l.(layers.Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("models: Add: %w", err)
		}
	}
	if _, isInput := l.(*layers.InputLayer); isInput && len(m.stack) > 0 {
		return errors.New("models: Add: an InputLayer can only be the first layer of a Sequential model")
	}
	if m.Built() {
		return fmt.Errorf("models: Add: cannot add %s to a model that is already built", l.Type())
	}
	m.stack = append(m.stack, l)
	m.topo = nil
	return nil
}

// declaredInputShape finds the input shape given on the first layer.
func (m *Model) declaredInputShape() []int {
	if len(m.stack) == 0 {
		return nil
	}
	if s, ok := m.stack[0].(layers.InputShaped); ok {
		return s.DeclaredInputShape()
	}
	return nil
}

// sequentialTopology chains the stack's layers on one input, whose shape is
// declared by the first layer or given (nil: none known).
func (m *Model) sequentialTopology(given []tensor.Shape) error {
	if len(m.stack) == 0 {
		return errors.New("models: the model has no layers")
	}
	decl := m.declaredInputShape()
	var shape tensor.Shape
	switch {
	case decl != nil && given != nil && !(len(given) == 1 && given[0].Equal(decl)):
		return fmt.Errorf("models: %s expects inputs of shape %s, got %s",
			layers.Describe(m.stack[0]), layers.FormatSampleShape(decl), shapesString(given))
	case decl != nil:
		shape = tensor.Shape(decl).Clone()
	case given == nil:
		return errors.New("models: " + errNoInputShape.Error())
	case len(given) != 1:
		return fmt.Errorf("models: a Sequential model has one input, got %d shapes", len(given))
	default:
		shape = given[0].Clone()
	}
	rest := m.stack
	var x *layers.Tensor
	if in, ok := m.stack[0].(*layers.InputLayer); ok {
		x, rest = layers.InputFrom(in), m.stack[1:]
	} else {
		x = layers.Input(shape...)
	}
	input := x
	for _, l := range rest {
		out := layers.CallMulti(l, x)
		if err := out[0].Err(); err != nil {
			return fmt.Errorf("models: %w", err)
		}
		if len(out) != 1 {
			return fmt.Errorf("models: %s has %d outputs; the layers of a Sequential model have one", layers.Describe(l), len(out))
		}
		x = out[0]
	}
	topo, err := newTopology([]*layers.Tensor{input}, []*layers.Tensor{x})
	if err != nil {
		return err
	}
	m.topo = topo
	return nil
}
