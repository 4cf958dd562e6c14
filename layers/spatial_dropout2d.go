package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// SpatialDropout2D is Keras's SpatialDropout2D: in training it drops whole
// feature maps, setting each channel of each image to 0 with probability
// Rate and scaling the kept channels by 1/(1−Rate); at inference it passes
// its input through. Inputs are channels-last, (batch, height, width,
// channels). It has no weights.
type SpatialDropout2D struct {
	// Rate is the fraction of channels to drop, in [0, 1).
	Rate float64
	// Seed fixes the masks; 0 draws a seed from the model's random stream
	// when the training graph is built.
	Seed uint64
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "SpatialDropout2D".
func (*SpatialDropout2D) Type() string { return "SpatialDropout2D" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*SpatialDropout2D) SupportsMasking() bool { return true }

// LayerName returns Name.
func (d *SpatialDropout2D) LayerName() string { return d.Name }

// DeclaredInputShape returns InputShape.
func (d *SpatialDropout2D) DeclaredInputShape() []int { return d.InputShape }

// Validate checks that Rate is in [0, 1).
func (d *SpatialDropout2D) Validate() error {
	if !(d.Rate >= 0 && d.Rate < 1) {
		return Errorf(d, "rate must be in [0, 1), got %g", d.Rate)
	}
	return nil
}

// OutputShapes returns the input's shape, which must be (height, width,
// channels).
func (d *SpatialDropout2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 {
		return nil, Errorf(d, "needs inputs of shape (batch, height, width, channels), got %s", sampleShape(s))
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build checks the configuration; there are no weights.
func (d *SpatialDropout2D) Build(*Context, []tensor.Shape) error { return d.Validate() }

// Call multiplies x, in training, by a (batch, 1, 1, channels) mask.
func (d *SpatialDropout2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if !ctx.Training || d.Rate == 0 {
		return in, nil
	}
	seed, step, err := layerRandom(ctx, d.Seed)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Mul(x, dropMask(x, []int{1, 2}, d.Rate, seed, step))}, nil
}
