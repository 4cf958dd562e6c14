package layers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the global pooling layers share: they reduce every
// axis between the batch and the channels.

// globalPoolShape returns the output shape of global pooling over the
// spatial axes of a per-sample input of the given rank (spatial axes plus
// channels): (channels,), or with keepDims (1, …, 1, channels).
func globalPoolShape(s tensor.Shape, rank int, what string, keepDims bool) (tensor.Shape, error) {
	if len(s) != rank {
		return nil, fmt.Errorf("needs inputs of shape (batch, %s), got %s", what, sampleShape(s))
	}
	if !keepDims {
		return tensor.Shape{s[rank-1]}, nil
	}
	out := s.Clone()
	for i := range rank - 1 {
		out[i] = 1
	}
	return out, nil
}

// globalPool reduces x, of rank spatial+2, with reduce over its spatial
// axes 1..spatial.
func globalPool(x *graph.Node, spatial int, keepDims bool, reduce func(*graph.Node, []int, bool) *graph.Node) *graph.Node {
	axes := make([]int, spatial)
	for i := range axes {
		axes[i] = i + 1
	}
	return reduce(x, axes, keepDims)
}
