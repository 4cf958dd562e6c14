package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// MaxPooling1D is Keras's MaxPooling1D: the maximum of each channel over
// windows of steps, (batch, steps, channels) to (batch, out steps,
// channels).
//
// The zero value of each field is Keras's default: windows of 2, strides
// equal to the window, "valid" padding. It has no weights.
type MaxPooling1D struct {
	// PoolSize is the window length; 0 means 2.
	PoolSize int
	// Strides is the step between windows; 0 means PoolSize (Keras's
	// strides=None).
	Strides int
	// Padding is "valid" (""; windows lie inside the input) or "same"
	// (ceil(in/stride) windows, padded positions ignored); case is
	// ignored.
	Padding string
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, steps, channels)) or "channels_first" ((batch,
	// channels, steps)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "MaxPooling1D".
func (*MaxPooling1D) Type() string { return "MaxPooling1D" }

// LayerName returns Name.
func (p *MaxPooling1D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *MaxPooling1D) DeclaredInputShape() []int { return p.InputShape }

// Validate checks that the window and strides are positive (or zero for
// the defaults) and the padding is known.
func (p *MaxPooling1D) Validate() error {
	if err := checkDataFormat(p.DataFormat); err != nil {
		return Errorf(p, "%v", err)
	}
	if _, err := pool1DOptions(p.PoolSize, p.Strides, p.Padding); err != nil {
		return Errorf(p, "%v", err)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (p *MaxPooling1D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(p, p.DataFormat, in, p.outputShapesLast)
}

// outputShapesLast returns the pooled shape, with Keras's sizes on each
// pooled axis: (in − size)/stride + 1 for "valid", ceil(in/stride) for
// "same"; the channels are kept.
func (p *MaxPooling1D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(p, in)
	if err != nil {
		return nil, err
	}
	o, err := pool1DOptions(p.PoolSize, p.Strides, p.Padding)
	if err != nil {
		return nil, Errorf(p, "%v", err)
	}
	out, err := pool1DShape(o, s)
	if err != nil {
		return nil, Errorf(p, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build checks the configuration; there are no weights.
func (p *MaxPooling1D) Build(*Context, []tensor.Shape) error { return p.Validate() }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (p *MaxPooling1D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(p, p.DataFormat, ctx, in, p.callLast)
}

// callLast adds the pooling to the graph.
func (p *MaxPooling1D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(p, in)
	if err != nil {
		return nil, err
	}
	o, err := pool1DOptions(p.PoolSize, p.Strides, p.Padding)
	if err != nil {
		return nil, Errorf(p, "%v", err)
	}
	return []*graph.Node{pool1D(x, graph.MaxPool2D, o)}, nil
}
