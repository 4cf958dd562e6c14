package layers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the window pooling layers share.

// pool2DOptions returns the graph options for a 2-D pooling layer's
// fields, defaults filled (size 2, strides = size), or an error if a size
// or a stride is negative or the padding unknown.
func pool2DOptions(size, strides [2]int, padding string) (graph.Pool2DOptions, error) {
	size = pairOr(size, [2]int{2, 2})
	strides = pairOr(strides, size)
	if err := checkWindow(size[:], strides[:], []int{1, 1}); err != nil {
		return graph.Pool2DOptions{}, err
	}
	pad, err := windowPadding(padding, "valid", "same")
	return graph.Pool2DOptions{Size: size, Strides: strides, Padding: pad}, err
}

// pool2DShape returns the output shape of 2-D pooling with options o on a
// per-sample input of shape (height, width, channels).
func pool2DShape(o graph.Pool2DOptions, s tensor.Shape) (tensor.Shape, error) {
	if len(s) != 3 {
		return nil, fmt.Errorf("needs inputs of shape (batch, height, width, channels), got %s", sampleShape(s))
	}
	return spatialOut(s, o.Size[:], o.Strides[:], []int{1, 1}, o.Padding, -1)
}

// pool1DOptions returns the 2-D options of 1-D pooling with the given
// fields (size 2, stride = size by default), applied to (batch, 1, steps,
// channels).
func pool1DOptions(size, stride int, padding string) (graph.Pool2DOptions, error) {
	if size == 0 {
		size = 2
	}
	if stride == 0 {
		stride = size
	}
	return pool2DOptions([2]int{1, size}, [2]int{1, stride}, padding)
}

// pool1DShape returns the output shape of 1-D pooling on a per-sample
// input of shape (steps, channels).
func pool1DShape(o graph.Pool2DOptions, s tensor.Shape) (tensor.Shape, error) {
	if len(s) != 2 {
		return nil, fmt.Errorf("needs inputs of shape (batch, steps, channels), got %s", sampleShape(s))
	}
	return spatialOut(s, o.Size[1:], o.Strides[1:], []int{1}, o.Padding, -1)
}

// pool1D applies the 2-D pooling op pool to x of shape (batch, steps,
// channels) through a height of 1.
func pool1D(x *graph.Node, pool func(*graph.Node, graph.Pool2DOptions) *graph.Node, o graph.Pool2DOptions) *graph.Node {
	return graph.Squeeze(pool(graph.ExpandDims(x, 1), o), 1)
}

// windowPool is what the window pooling layers (MaxPooling1D/2D,
// AveragePooling1D/2D) do with their configuration: they differ only in
// the number of pooled axes and the op, so each layer's methods build one
// and call it.
type windowPool struct {
	layer  Layer
	format string                                             // DataFormat
	o      graph.Pool2DOptions                                // the configuration, defaults filled
	err    error                                              // a configuration error
	oneD   bool                                               // pools (batch, steps, channels) through a height of 1
	op     func(*graph.Node, graph.Pool2DOptions) *graph.Node // graph.MaxPool2D or graph.AvgPool2D
}

// pool2DLayer returns the windowPool of a 2-D pooling layer.
func pool2DLayer(l Layer, size, strides [2]int, padding, format string, op func(*graph.Node, graph.Pool2DOptions) *graph.Node) windowPool {
	o, err := pool2DOptions(size, strides, padding)
	return windowPool{layer: l, format: format, o: o, err: err, op: op}
}

// pool1DLayer returns the windowPool of a 1-D pooling layer.
func pool1DLayer(l Layer, size, stride int, padding, format string, op func(*graph.Node, graph.Pool2DOptions) *graph.Node) windowPool {
	o, err := pool1DOptions(size, stride, padding)
	return windowPool{layer: l, format: format, o: o, err: err, oneD: true, op: op}
}

// validate checks the data format, the window, the strides and the
// padding.
func (w windowPool) validate() error {
	if err := checkDataFormat(w.format); err != nil {
		return Errorf(w.layer, "%v", err)
	}
	if w.err != nil {
		return Errorf(w.layer, "%v", w.err)
	}
	return nil
}

// outputShapes returns the output shape for an input in the data
// format's layout.
func (w windowPool) outputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(w.layer, w.format, in, w.outputShapesLast)
}

// outputShapesLast returns the pooled shape of a channels-last input, with
// Keras's sizes on each pooled axis: (in − size)/stride + 1 for "valid",
// ceil(in/stride) for "same"; the channels are kept.
func (w windowPool) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(w.layer, in)
	if err != nil {
		return nil, err
	}
	if w.err != nil {
		return nil, Errorf(w.layer, "%v", w.err)
	}
	shape := pool2DShape
	if w.oneD {
		shape = pool1DShape
	}
	out, err := shape(w.o, s)
	if err != nil {
		return nil, Errorf(w.layer, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// call adds the pooling to the graph for inputs in the data format's
// layout (transposed around for channels-first inputs).
func (w windowPool) call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(w.layer, w.format, ctx, in, w.callLast)
}

// callLast adds the pooling of a channels-last input.
func (w windowPool) callLast(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(w.layer, in)
	if err != nil {
		return nil, err
	}
	if w.err != nil {
		return nil, Errorf(w.layer, "%v", w.err)
	}
	if w.oneD {
		return []*graph.Node{pool1D(x, w.op, w.o)}, nil
	}
	return []*graph.Node{w.op(x, w.o)}, nil
}
