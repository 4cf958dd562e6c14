package layers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the normalization layers share: the feature axis,
// counted as Keras counts it, and the moves that bring it last.

// featureAxis returns the per-sample index of the axis a normalization
// layer works on, for per-sample inputs of the given rank. axis counts as
// Keras counts it, the batch axis included (1 is the first axis after the
// batch, −1 the last); 0, the zero value, means −1, since the batch axis
// cannot be normalized.
func featureAxis(axis, rank int) (int, error) {
	if axis == 0 {
		axis = -1
	}
	a := axis - 1
	if axis < 0 {
		a = rank + axis
	}
	if a < 0 || a >= rank {
		return 0, fmt.Errorf("axis %d is out of range for inputs of rank %d (batch axis included) or is the batch axis", axis, rank+1)
	}
	return a, nil
}

// featureSize returns the size of the feature axis of a per-sample shape,
// which must be known.
func featureSize(axis int, s tensor.Shape) (a, size int, err error) {
	if a, err = featureAxis(axis, len(s)); err != nil {
		return 0, 0, err
	}
	if s[a] <= 0 {
		return 0, 0, fmt.Errorf("axis %d of the input must have a known size, got shape %s", axis, sampleShape(s))
	}
	return a, s[a], nil
}

// toLast moves per-sample axis a of x (whose axis 0 is the batch) to the
// end and returns the moved node with a function that moves an output of
// the same shape back; both are the identity when a is already last.
func toLast(x *graph.Node, a int) (*graph.Node, func(*graph.Node) *graph.Node) {
	r := x.Shape().Rank()
	if a+1 == r-1 {
		return x, func(y *graph.Node) *graph.Node { return y }
	}
	perm := make([]int, 0, r)
	for i := range r {
		if i != a+1 {
			perm = append(perm, i)
		}
	}
	perm = append(perm, a+1)
	inv := make([]int, r)
	for i, p := range perm {
		inv[p] = i
	}
	return graph.Transpose(x, perm...), func(y *graph.Node) *graph.Node { return graph.Transpose(y, inv...) }
}

// scaleShift returns the nodes of gamma and beta, or constants of ones and
// zeros of size n in the context's dtype when they are nil (Keras's
// scale=False, center=False).
func scaleShift(ctx *Context, gamma, beta *Weight, n int) (*graph.Node, *graph.Node) {
	var g, b *graph.Node
	if gamma != nil {
		g = ctx.Var(gamma)
	} else {
		g = ctx.Graph.Const(tensor.Ones(ctx.DType, n))
	}
	if beta != nil {
		b = ctx.Var(beta)
	} else {
		b = ctx.Graph.Const(tensor.Zeros(ctx.DType, n))
	}
	return g, b
}
