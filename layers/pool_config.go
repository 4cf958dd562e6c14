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
