package layers

import (
	"errors"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Activation applies an activation function elementwise (softmax along the
// last axis), Keras's Activation layer. It has no weights.
type Activation struct {
	// Fn is a Keras activation name, such as "relu" or "softmax" (see
	// activations.Get); "" means linear. An unknown name is an error that
	// names the layer.
	Fn string
	// Func, if not nil, is used instead of Fn.
	Func activations.Func
	// Name is the layer's name; empty lets the model choose one
	// ("activation", "activation_1", …).
	Name string

	Base
	act activations.Func
}

// Type returns "Activation".
func (*Activation) Type() string { return "Activation" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*Activation) SupportsMasking() bool { return true }

// LayerName returns Name.
func (a *Activation) LayerName() string { return a.Name }

// Validate checks that the activation exists.
func (a *Activation) Validate() error {
	if _, err := resolveActivation(a.Func, a.Fn); err != nil {
		return Errorf(a, "%v", err)
	}
	return nil
}

// OutputShapes returns the input's shape: activations keep the shape.
func (a *Activation) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(a, in)
	if err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build resolves the activation; there are no weights.
func (a *Activation) Build(_ *Context, _ []tensor.Shape) error {
	act, err := resolveActivation(a.Func, a.Fn)
	if err != nil {
		return Errorf(a, "%v", err)
	}
	a.act = act
	return nil
}

// Call applies the activation to its input.
func (a *Activation) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(a, in)
	if err != nil {
		return nil, err
	}
	return applyActivation(ctx, a.act, x)
}

// resolveActivation returns fn, or the activation named fnName.
func resolveActivation(fn activations.Func, fnName string) (activations.Func, error) {
	if fn != nil {
		return fn, nil
	}
	return activations.Get(fnName)
}

// applyActivation applies act to y and returns it as a layer's output.
func applyActivation(ctx *Context, act activations.Func, y *graph.Node) ([]*graph.Node, error) {
	if act == nil {
		return nil, errors.New("the activation is not resolved (called before Build)")
	}
	out := act(y)
	if err := y.Graph().Err(); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, ctx.Errorf("the activation function returned nil")
	}
	return []*graph.Node{out}, nil
}
