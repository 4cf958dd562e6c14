package layers

import (
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

	name string
	act  activations.Func
}

// Type returns "Activation".
func (*Activation) Type() string { return "Activation" }

// LayerName returns Name.
func (a *Activation) LayerName() string { return a.Name }

// OutputShape returns inputShape: activations keep the shape. An unknown
// activation name is reported here already.
func (a *Activation) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	if _, err := resolveActivation(a.Func, a.Fn, layerName(a.name, a.Name), a.Type()); err != nil {
		return nil, err
	}
	return inputShape.Clone(), nil
}

// Build resolves the activation; there are no weights.
func (a *Activation) Build(ctx *Context, _ tensor.Shape) error {
	if ctx != nil {
		a.name = ctx.Name
	}
	act, err := resolveActivation(a.Func, a.Fn, layerName(a.name, a.Name), a.Type())
	if err != nil {
		return err
	}
	a.act = act
	return nil
}

// Call applies the activation to x.
func (a *Activation) Call(ctx *Context, x *graph.Node, _ bool) (*graph.Node, error) {
	if ctx != nil && ctx.Name != "" {
		a.name = ctx.Name
	}
	name := layerName(a.name, a.Name)
	if err := checkInput(ctx, x, name, a.Type()); err != nil {
		return nil, err
	}
	act := a.act
	if act == nil {
		var err error
		if act, err = resolveActivation(a.Func, a.Fn, name, a.Type()); err != nil {
			return nil, err
		}
	}
	return applyActivation(act, x, name, a.Type())
}

// Weights returns nil: Activation has no weights.
func (*Activation) Weights() []*Weight { return nil }

// resolveActivation returns fn if it is set, else the activation named
// name, or an error naming the layer.
func resolveActivation(fn activations.Func, fnName, layer, typ string) (activations.Func, error) {
	if fn != nil {
		return fn, nil
	}
	f, err := activations.Get(fnName)
	if err != nil {
		return nil, layerErr(layer, typ, "%v", err)
	}
	return f, nil
}

// applyActivation applies act to x and reports a graph error (or a custom
// activation that returns nil) as an error naming the layer.
func applyActivation(act activations.Func, x *graph.Node, layer, typ string) (*graph.Node, error) {
	y := act(x)
	if err := x.Graph().Err(); err != nil {
		return nil, layerErr(layer, typ, "%v", err)
	}
	if y == nil {
		return nil, layerErr(layer, typ, "the activation function returned nil")
	}
	return y, nil
}
