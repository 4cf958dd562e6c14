package layers

import (
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

	name string
}

// Type returns "Flatten".
func (*Flatten) Type() string { return "Flatten" }

// LayerName returns Name.
func (f *Flatten) LayerName() string { return f.Name }

// DeclaredInputShape returns InputShape.
func (f *Flatten) DeclaredInputShape() []int { return f.InputShape }

// OutputShape returns (d1·…·dn,), or (1,) for a rank-0 sample. Every
// dimension must be positive: samples without elements cannot be
// flattened with an unknown batch size.
func (f *Flatten) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	size := 1
	for _, d := range inputShape {
		if d <= 0 {
			return nil, layerErr(layerName(f.name, f.Name), f.Type(),
				"cannot flatten inputs of shape %s: every dimension but the batch must be positive", sampleShape(inputShape))
		}
		size *= d
	}
	return tensor.Shape{size}, nil
}

// Build does nothing: Flatten has no weights.
func (f *Flatten) Build(ctx *Context, _ tensor.Shape) error {
	if ctx != nil {
		f.name = ctx.Name
	}
	return nil
}

// Call reshapes x from (batch, d1, …, dn) to (batch, d1·…·dn); a rank-2 x
// is returned as is.
func (f *Flatten) Call(ctx *Context, x *graph.Node, _ bool) (*graph.Node, error) {
	if ctx != nil && ctx.Name != "" {
		f.name = ctx.Name
	}
	name := layerName(f.name, f.Name)
	if err := checkInput(ctx, x, name, f.Type()); err != nil {
		return nil, err
	}
	if x.Shape().Rank() == 2 {
		return x, nil
	}
	out, err := f.OutputShape(x.Shape()[1:])
	if err != nil {
		return nil, err
	}
	y := graph.Reshape(x, -1, out[0])
	if err := x.Graph().Err(); err != nil {
		return nil, layerErr(name, f.Type(), "%v", err)
	}
	return y, nil
}

// Weights returns nil: Flatten has no weights.
func (*Flatten) Weights() []*Weight { return nil }
