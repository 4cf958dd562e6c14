package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// PReLU is Keras's parametric ReLU layer: x for x ≥ 0 and alpha·x below,
// computed as Keras does, relu(x) − alpha·relu(−x), with a trainable alpha
// of the per-sample input shape, one slope per input element, except along
// SharedAxes, where one slope serves the whole axis.
type PReLU struct {
	// AlphaInitializer sets the starting slopes; nil means Keras's
	// default, Zeros (the layer starts as a ReLU).
	AlphaInitializer initializers.Initializer
	// AlphaRegularizer adds a penalty on alpha to the training loss (nil:
	// none).
	AlphaRegularizer regularizers.Regularizer
	// SharedAxes lists the axes along which the slopes are shared, counted
	// as in Keras with the batch axis as 0: for Conv2D feature maps
	// (batch, height, width, channels), SharedAxes []int{1, 2} gives one
	// slope per channel. Each must be in 1…rank−1; nil shares none.
	SharedAxes []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	alpha *Weight
}

// Type returns "PReLU".
func (*PReLU) Type() string { return "PReLU" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*PReLU) SupportsMasking() bool { return true }

// LayerName returns Name.
func (p *PReLU) LayerName() string { return p.Name }

// Validate checks that the shared axes are not the batch axis.
func (p *PReLU) Validate() error {
	for _, a := range p.SharedAxes {
		if a < 1 {
			return Errorf(p, "shared axis %d is not a per-sample axis (the batch axis is 0)", a)
		}
	}
	return nil
}

// OutputShapes returns the input's shape, after checking that the shared
// axes exist in it.
func (p *PReLU) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	out, err := sameShape(p, p.Validate, in)
	if err != nil {
		return nil, err
	}
	if _, err := p.alphaShape(out[0]); err != nil {
		return nil, err
	}
	return out, nil
}

// alphaShape returns the shape of alpha for per-sample input shape s: s
// with the shared axes set to 1. Every other dimension must be known.
func (p *PReLU) alphaShape(s tensor.Shape) (tensor.Shape, error) {
	shape := s.Clone()
	for _, a := range p.SharedAxes {
		if a < 1 || a > len(s) {
			return nil, Errorf(p, "shared axis %d is out of range for inputs of shape %s", a, sampleShape(s))
		}
		shape[a-1] = 1
	}
	for _, d := range shape {
		if d == graph.Unknown {
			return nil, Errorf(p, "needs the input dimensions that are not shared to be known, got shape %s", sampleShape(s))
		}
	}
	return shape, nil
}

// Build creates alpha ("alpha", the input shape with the shared axes set
// to 1).
func (p *PReLU) Build(ctx *Context, in []tensor.Shape) error {
	shape, err := p.alphaShape(in[0])
	if err != nil {
		return err
	}
	init := p.AlphaInitializer
	if init == nil {
		init = initializers.Zeros{}
	}
	p.alpha, err = ctx.AddWeight("alpha", shape, init, p.AlphaRegularizer, true)
	return err
}

// Call adds relu(x) − alpha·relu(−x), alpha broadcast over the batch and
// the shared axes.
func (p *PReLU) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(p, in)
	if err != nil {
		return nil, err
	}
	neg := graph.Mul(ctx.Var(p.alpha), graph.Relu(graph.Neg(x)))
	return []*graph.Node{graph.Sub(graph.Relu(x), neg)}, nil
}

// Alpha returns the slope weight (nil before Build).
func (p *PReLU) Alpha() *Weight { return p.alpha }
