package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// RandomFlip is Keras's RandomFlip augmentation: in training each image is
// flipped left-right ("horizontal") and/or upside down ("vertical") with
// probability 1/2, independently per image and per direction; at
// inference it passes its input through. Inputs are channels-last,
// (batch, height, width, channels), with a known height and width. It has
// no weights.
type RandomFlip struct {
	// Mode is "horizontal", "vertical" or "horizontal_and_vertical" (the
	// default, "").
	Mode string
	// Seed fixes the random flips; 0 draws a seed from the model's random
	// stream when the training graph is built.
	Seed uint64
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "RandomFlip".
func (*RandomFlip) Type() string { return "RandomFlip" }

// LayerName returns Name.
func (f *RandomFlip) LayerName() string { return f.Name }

// DeclaredInputShape returns InputShape.
func (f *RandomFlip) DeclaredInputShape() []int { return f.InputShape }

// axes returns the image axes Mode flips (1 for vertical, 2 for
// horizontal), or an error for an unknown mode.
func (f *RandomFlip) axes() ([]int, error) {
	switch f.Mode {
	case "", "horizontal_and_vertical":
		return []int{2, 1}, nil
	case "horizontal":
		return []int{2}, nil
	case "vertical":
		return []int{1}, nil
	}
	return nil, Errorf(f, "mode must be \"horizontal\", \"vertical\" or \"horizontal_and_vertical\", got %q", f.Mode)
}

// Validate checks Mode.
func (f *RandomFlip) Validate() error {
	_, err := f.axes()
	return err
}

// OutputShapes returns the input's shape, which must be (height, width,
// channels) with a known height and width.
func (f *RandomFlip) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(f, in)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 || s[0] == graph.Unknown || s[1] == graph.Unknown {
		return nil, Errorf(f, "needs inputs of shape (batch, height, width, channels) with a known height and width, got %s", sampleShape(s))
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build checks the configuration; there are no weights.
func (f *RandomFlip) Build(*Context, []tensor.Shape) error { return f.Validate() }

// Call, in training, mixes each image with its flip by a per-image coin
// of 0 or 1: x + coin·(flip(x) − x), for each flipped axis in turn.
func (f *RandomFlip) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(f, in)
	if err != nil {
		return nil, err
	}
	axes, err := f.axes()
	if err != nil || !ctx.Training {
		return in, err
	}
	seed, step, err := layerRandom(ctx, f.Seed)
	if err != nil {
		return nil, err
	}
	for i, a := range axes {
		// A rate-1/2 mask is 0 or 2; half of it is the coin.
		coin := graph.Mul(dropMask(x, []int{1, 2, 3}, 0.5, seed+uint64(i)*0x9e3779b97f4a7c15, step), ctx.Graph.Scalar(0.5))
		x = graph.Add(x, graph.Mul(coin, graph.Sub(reverseAxis(ctx, x, a, f.InputShapes()[0][a-1]), x)))
	}
	return []*graph.Node{x}, nil
}

// reverseAxis returns x with the order of axis a, of size n, reversed: a
// Gather of the indices n−1, …, 0.
func reverseAxis(ctx *Context, x *graph.Node, a, n int) *graph.Node {
	idx := make([]int64, n)
	for i := range idx {
		idx[i] = int64(n - 1 - i)
	}
	return graph.Gather(x, ctx.Graph.Const(tensor.FromSlice(idx, n)), a)
}
