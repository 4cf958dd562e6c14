package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Masking is Keras's Masking layer: it masks the time steps whose every
// feature equals MaskValue, so that the layers after it skip them (see
// mask.go) — padded steps of sequences of different lengths fed in one
// batch. For an input of per-sample shape (timesteps, features) the mask
// is any(x ≠ MaskValue) over the last axis, of shape (batch, timesteps),
// and the output is the input with the masked steps set to 0 (Keras's
// where(mask, x, 0)). It has no weights.
//
// A mask the input already carries is replaced, as in Keras.
type Masking struct {
	// MaskValue is the value of padded features; Keras's mask_value,
	// default 0.
	MaskValue float64
	// InputShape declares the per-sample input shape when Masking is the
	// model's first layer, e.g. []int{timesteps, features}.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Masking".
func (*Masking) Type() string { return "Masking" }

// LayerName returns Name.
func (l *Masking) LayerName() string { return l.Name }

// DeclaredInputShape returns InputShape.
func (l *Masking) DeclaredInputShape() []int { return l.InputShape }

// OutputShapes returns the input's shape, which needs a features axis.
func (l *Masking) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(l, in)
	if err != nil {
		return nil, err
	}
	if len(s) < 1 {
		return nil, Errorf(l, "needs inputs of shape (batch, …, features), got %s", sampleShape(s))
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build does nothing: there are no weights.
func (*Masking) Build(*Context, []tensor.Shape) error { return nil }

// Call returns the input with the masked steps zeroed, and sets the output's
// mask.
func (l *Masking) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(l, in)
	if err != nil {
		return nil, err
	}
	keep := graph.Max(graph.NotEqual(x, ctx.Graph.Scalar(l.MaskValue)), []int{-1}, true)
	ctx.SetOutputMasks(graph.Squeeze(keep, -1))
	return []*graph.Node{graph.Where(keep, x, graph.ZerosLike(x))}, nil
}
