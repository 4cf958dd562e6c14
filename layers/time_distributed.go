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
	for _, dim := range s[1:] {
		if dim == graph.Unknown {
			return nil, Errorf(d, "needs known dimensions besides the batch and the timesteps, got %s", sampleShape(s))
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

// Call applies Layer to the (batch·timesteps, d…) reshaped input. A mask
// of the input (see mask.go) of shape (batch, timesteps) passes on to the
// output; a mask of shape (batch, timesteps, m…) reaches Layer reshaped to
// (batch·timesteps, m…), and the mask of Layer's output, if any, comes back
// reshaped to (batch, timesteps, …). (Keras 2 passed the mask on as well;
// Keras 3 drops it after TimeDistributed.)
func (d *TimeDistributed) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(d, in)
	if err != nil {
		return nil, err
	}
	s := x.Shape()
	m := ctx.InputMask(0)
	var inner []*graph.Node
	if m != nil {
		ms := m.Shape()
		if ms.Rank() < 2 || (ms[1] != s[1] && ms[1] != graph.Unknown) {
			return nil, Errorf(d, "the mask must have shape (batch, timesteps, …) = %s, got %s",
				FormatShape(s[:2]), FormatShape(ms))
		}
		if ms.Rank() > 2 {
			inner = []*graph.Node{graph.Reshape(m, append([]int{-1}, ms[2:]...)...)}
		}
	}
	flat := append([]int{-1}, s[2:]...)
	y, ym, err := CallLayerMasked(ctx.Scope(), d.Layer, []*graph.Node{graph.Reshape(x, flat...)}, inner)
	if err != nil {
		return nil, err
	}
	back := append([]int{-1, s[1]}, y[0].Shape()[1:]...)
	switch {
	case m != nil && m.Shape().Rank() == 2:
		ctx.SetOutputMasks(m)
	case ym[0] != nil:
		ctx.SetOutputMasks(graph.Reshape(ym[0], append([]int{-1, s[1]}, ym[0].Shape()[1:]...)...))
	}
	return []*graph.Node{graph.Reshape(y[0], back...)}, nil
}
