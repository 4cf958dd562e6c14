package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// ZeroPadding2D is Keras's ZeroPadding2D: it adds rows and columns of
// zeros around channels-last images, (batch, height, width, channels) to
// (batch, top+height+bottom, left+width+right, channels). It has no
// weights.
//
// Padding is ((top, bottom), (left, right)). Its zero value, all zeros,
// means Keras's default, one row or column on every side; any other value
// is used as given (so ((0, 1), (0, 1)) pads only after).
type ZeroPadding2D struct {
	// Padding is ((top, bottom), (left, right)); entries must not be
	// negative; all zeros means 1 everywhere.
	Padding [2][2]int
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "ZeroPadding2D".
func (*ZeroPadding2D) Type() string { return "ZeroPadding2D" }

// LayerName returns Name.
func (z *ZeroPadding2D) LayerName() string { return z.Name }

// DeclaredInputShape returns InputShape.
func (z *ZeroPadding2D) DeclaredInputShape() []int { return z.InputShape }

// padding returns Padding with its default.
func (z *ZeroPadding2D) padding() [2][2]int {
	if z.Padding == ([2][2]int{}) {
		return [2][2]int{{1, 1}, {1, 1}}
	}
	return z.Padding
}

// Validate checks that no padding is negative.
func (z *ZeroPadding2D) Validate() error {
	if err := checkDataFormat(z.DataFormat); err != nil {
		return Errorf(z, "%v", err)
	}
	for _, p := range z.Padding {
		if p[0] < 0 || p[1] < 0 {
			return Errorf(z, "padding %v must not be negative", z.Padding)
		}
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (z *ZeroPadding2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(z, z.DataFormat, in, z.outputShapesLast)
}

// outputShapesLast returns (top+height+bottom, left+width+right, channels);
// an Unknown size stays Unknown.
func (z *ZeroPadding2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(z, in)
	if err != nil {
		return nil, err
	}
	if err := z.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 {
		return nil, Errorf(z, "needs inputs of shape (batch, height, width, channels), got %s", sampleShape(s))
	}
	out := s.Clone()
	for i, p := range z.padding() {
		if out[i] != graph.Unknown {
			out[i] += p[0] + p[1]
		}
	}
	return []tensor.Shape{out}, nil
}

// Build checks the configuration; there are no weights.
func (z *ZeroPadding2D) Build(*Context, []tensor.Shape) error { return z.Validate() }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (z *ZeroPadding2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(z, z.DataFormat, ctx, in, z.callLast)
}

// callLast adds graph.Pad on the two spatial axes.
func (z *ZeroPadding2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(z, in)
	if err != nil {
		return nil, err
	}
	p := z.padding()
	return []*graph.Node{graph.Pad(x, [][2]int{{0, 0}, p[0], p[1], {0, 0}})}, nil
}
