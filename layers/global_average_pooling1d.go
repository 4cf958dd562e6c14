package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// GlobalAveragePooling1D is Keras's GlobalAveragePooling1D: the mean of
// each channel over the steps, (batch, steps, channels) to (batch,
// channels).
// It has no weights.
type GlobalAveragePooling1D struct {
	// KeepDims keeps the pooled axes with size 1 (Keras's keepdims); the
	// default drops them.
	KeepDims bool
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

// Type returns "GlobalAveragePooling1D".
func (*GlobalAveragePooling1D) Type() string { return "GlobalAveragePooling1D" }

// LayerName returns Name.
func (p *GlobalAveragePooling1D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *GlobalAveragePooling1D) DeclaredInputShape() []int { return p.InputShape }

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (p *GlobalAveragePooling1D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(p, p.DataFormat, in, p.outputShapesLast)
}

// outputShapesLast returns (channels,), or with KeepDims the input's shape
// with 1 for every pooled axis, for an input of shape (steps, channels).
func (p *GlobalAveragePooling1D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(p, in)
	if err != nil {
		return nil, err
	}
	out, err := globalPoolShape(s, 2, "steps, channels", p.KeepDims)
	if err != nil {
		return nil, Errorf(p, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build does nothing: there are no weights.
func (p *GlobalAveragePooling1D) Build(*Context, []tensor.Shape) error { return nil }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (p *GlobalAveragePooling1D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(p, p.DataFormat, ctx, in, p.callLast)
}

// callLast adds graph.Mean over the pooled axes. With a mask of shape
// (batch, steps) on the input (see mask.go), the mean is over the steps
// the mask keeps: the sum of the kept steps divided by their number, as
// Keras computes it (a sample with every step masked gives NaN, 0/0, in
// Keras too). The output carries no mask.
func (p *GlobalAveragePooling1D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(p, in)
	if err != nil {
		return nil, err
	}
	m := ctx.InputMask(0)
	if m == nil {
		return []*graph.Node{globalPool(x, 2-1, p.KeepDims, graph.Mean)}, nil
	}
	if err := checkTimeMask(p, x, m); err != nil {
		return nil, err
	}
	m = graph.ExpandDims(graph.Cast(m, x.DType()), -1)
	kept := graph.Where(m, x, graph.ZerosLike(x))
	return []*graph.Node{graph.Div(graph.Sum(kept, []int{1}, p.KeepDims), graph.Sum(m, []int{1}, p.KeepDims))}, nil
}
