package layers

import (
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TimeDistributed is Keras's TimeDistributed wrapper: it applies Layer,
// a one-input, one-output layer, to every time step of its input, with
// one set of weights for all steps. An input of per-sample shape
// (timesteps, d…) is reshaped to (batch·timesteps, d…), passed through
// Layer and reshaped back, so all its dimensions must be known. Its
// weights are Layer's.
type TimeDistributed struct {
	// Layer is the layer applied to each step.
	Layer Layer
	// InputShape declares the per-sample input shape when TimeDistributed
	// is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "TimeDistributed".
func (*TimeDistributed) Type() string { return "TimeDistributed" }

// LayerName returns Name.
func (d *TimeDistributed) LayerName() string { return d.Name }

// DeclaredInputShape returns InputShape.
func (d *TimeDistributed) DeclaredInputShape() []int { return d.InputShape }

// Validate checks that Layer is set, and checks Layer's configuration.
func (d *TimeDistributed) Validate() error {
	if IsNil(d.Layer) {
		return Errorf(d, "needs a Layer to wrap")
	}
	if v, ok := d.Layer.(Validator); ok {
		return v.Validate()
	}
	return nil
}

// OutputShapes returns (timesteps,) + Layer's output shape for one step.
func (d *TimeDistributed) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(s) < 1 {
		return nil, Errorf(d, "needs inputs of shape (batch, timesteps, …), got %s", sampleShape(s))
	}
	for _, dim := range s {
		if dim == graph.Unknown {
			return nil, Errorf(d, "needs known dimensions besides the batch, got %s", sampleShape(s))
		}
	}
	inner, err := d.Layer.OutputShapes([]tensor.Shape{s[1:]})
	if err != nil {
		return nil, err
	}
	if len(inner) != 1 {
		return nil, Errorf(d, "the wrapped %s has %d outputs, want 1", Describe(d.Layer), len(inner))
	}
	return []tensor.Shape{append(tensor.Shape{s[0]}, inner[0]...)}, nil
}

// Build builds Layer for one step's shape; its weights become the
// wrapper's. An unnamed Layer is named "<wrapper>/<type>".
func (d *TimeDistributed) Build(ctx *Context, in []tensor.Shape) error {
	if nameOf(d.Layer) == "" {
		d.Layer.LayerBase().SetUniqueName(ctx.Name + "/" + strings.ToLower(d.Layer.Type()))
	}
	if err := BuildLayer(d.Layer, []tensor.Shape{in[0][1:]}, ctx.DType, ctx.RNG); err != nil {
		return err
	}
	d.weights = append([]*Weight{}, d.Layer.Weights()...)
	return nil
}

// Call applies Layer to the (batch·timesteps, d…) reshaped input.
func (d *TimeDistributed) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(d, in)
	if err != nil {
		return nil, err
	}
	s := x.Shape()
	flat := append([]int{-1}, s[2:]...)
	y, err := CallLayer(ctx.Scope(), d.Layer, []*graph.Node{graph.Reshape(x, flat...)})
	if err != nil {
		return nil, err
	}
	back := append([]int{-1, s[1]}, y[0].Shape()[1:]...)
	return []*graph.Node{graph.Reshape(y[0], back...)}, nil
}
