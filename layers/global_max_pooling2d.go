package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// GlobalMaxPooling2D is Keras's GlobalMaxPooling2D: the maximum of each
// channel over the whole image, (batch, height, width, channels) to
// (batch, channels).
// It has no weights.
type GlobalMaxPooling2D struct {
	// KeepDims keeps the pooled axes with size 1 (Keras's keepdims); the
	// default drops them.
	KeepDims bool
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

// Type returns "GlobalMaxPooling2D".
func (*GlobalMaxPooling2D) Type() string { return "GlobalMaxPooling2D" }

// LayerName returns Name.
func (p *GlobalMaxPooling2D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *GlobalMaxPooling2D) DeclaredInputShape() []int { return p.InputShape }

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (p *GlobalMaxPooling2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(p, p.DataFormat, in, p.outputShapesLast)
}

// outputShapesLast returns (channels,), or with KeepDims the input's shape
// with 1 for every pooled axis, for an input of shape (height, width, channels).
func (p *GlobalMaxPooling2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(p, in)
	if err != nil {
		return nil, err
	}
	out, err := globalPoolShape(s, 3, "height, width, channels", p.KeepDims)
	if err != nil {
		return nil, Errorf(p, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build does nothing: there are no weights.
func (p *GlobalMaxPooling2D) Build(*Context, []tensor.Shape) error { return nil }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (p *GlobalMaxPooling2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(p, p.DataFormat, ctx, in, p.callLast)
}

// callLast adds graph.Max over the pooled axes.
func (p *GlobalMaxPooling2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(p, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{globalPool(x, 3-1, p.KeepDims, graph.Max)}, nil
}
