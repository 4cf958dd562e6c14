package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Cropping2D is Keras's Cropping2D: it removes rows and columns at the
// edges of channels-last images, (batch, height, width, channels) to
// (batch, height−top−bottom, width−left−right, channels). The zero value
// crops nothing, Keras's default. The height and width must be known. It
// has no weights.
type Cropping2D struct {
	// Cropping is ((top, bottom), (left, right)); entries must not be
	// negative, and at least one row and column must remain.
	Cropping [2][2]int
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

// Type returns "Cropping2D".
func (*Cropping2D) Type() string { return "Cropping2D" }

// LayerName returns Name.
func (c *Cropping2D) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *Cropping2D) DeclaredInputShape() []int { return c.InputShape }

// Validate checks that no cropping is negative.
func (c *Cropping2D) Validate() error {
	if err := checkDataFormat(c.DataFormat); err != nil {
		return Errorf(c, "%v", err)
	}
	for _, p := range c.Cropping {
		if p[0] < 0 || p[1] < 0 {
			return Errorf(c, "cropping %v must not be negative", c.Cropping)
		}
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (c *Cropping2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (height−top−bottom, width−left−right, channels).
func (c *Cropping2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(c, in)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 {
		return nil, Errorf(c, "needs inputs of shape (batch, height, width, channels), got %s", sampleShape(s))
	}
	out := s.Clone()
	for i, p := range c.Cropping {
		if s[i] == graph.Unknown {
			return nil, Errorf(c, "needs a known height and width, got shape %s", sampleShape(s))
		}
		if out[i] -= p[0] + p[1]; out[i] <= 0 {
			return nil, Errorf(c, "cropping %v leaves nothing of an input of shape %s", c.Cropping, sampleShape(s))
		}
	}
	return []tensor.Shape{out}, nil
}

// Build checks the configuration; there are no weights.
func (c *Cropping2D) Build(*Context, []tensor.Shape) error { return c.Validate() }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (c *Cropping2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast slices the two spatial axes.
func (c *Cropping2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	s := shapesLast(c.DataFormat, c.InputShapes())[0] // known sizes, even if x's static shape has None
	for i, p := range c.Cropping {
		if p != [2]int{} {
			x = graph.Slice(x, i+1, p[0], s[i]-p[1])
		}
	}
	return []*graph.Node{x}, nil
}
