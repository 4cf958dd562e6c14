package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// sumOp sums its input over axes.
type sumOp struct {
	axes     []int
	keepDims bool
}

// Sum returns the sum of x's elements over axes, like numpy.sum. nil (or
// empty) axes sum over every axis; negative axes count from the end. With
// keepDims the reduced axes stay in the result with size 1. The result has
// x's dtype.
func Sum(x *Node, axes []int, keepDims bool) *Node {
	return graphOf(x).AddNode(sumOp{axes: slices.Clone(axes), keepDims: keepDims}, "Sum", x)
}

func (sumOp) Type() string { return "Sum" }

func (o sumOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return redInfer(d, s, o.axes, o.keepDims, false)
}

func (o sumOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.SumInto(out, in[0], o.axes, o.keepDims)
}

// Gradient: ∂(Σ x)/∂x = 1, so dy is broadcast back over the reduced axes
// (first given back its reduced axes as size-1 axes).
func (o sumOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	axes, err := redAxes(o.axes, len(x.shape))
	if err != nil {
		return nil, err
	}
	return []*Node{BroadcastLike(redKeepDims(dy, axes, o.keepDims), x)}, nil
}

// redAxes normalises the axes of a reduction of a rank-r tensor: nil or
// empty means every axis; the result is sorted, in [0, r), without repeats.
func redAxes(axes []int, r int) ([]int, error) {
	if len(axes) == 0 {
		all := make([]int, r)
		for i := range all {
			all[i] = i
		}
		return all, nil
	}
	out := make([]int, len(axes))
	for i, ax := range axes {
		a, err := normAxis(ax, r)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, fmt.Errorf("axis %d is repeated in axes %v", out[i], axes)
		}
	}
	return out, nil
}

// redShape returns the static shape of reducing shape over the normalised
// axes: kept axes keep their (possibly Unknown) size.
func redShape(shape tensor.Shape, axes []int, keepDims bool) tensor.Shape {
	out := make(tensor.Shape, 0, len(shape))
	for i, d := range shape {
		switch {
		case !slices.Contains(axes, i):
			out = append(out, d)
		case keepDims:
			out = append(out, 1)
		}
	}
	return out
}

// redInfer is the shape rule of Sum, Mean, Max and Min: one input, valid
// axes, and float dtypes only when floatOnly is set.
func redInfer(d []tensor.DType, s []tensor.Shape, axes []int, keepDims, floatOnly bool) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	if floatOnly && !d[0].IsFloat() {
		return 0, nil, fmt.Errorf("needs a float input, got %v", d[0])
	}
	norm, err := redAxes(axes, len(s[0]))
	if err != nil {
		return 0, nil, err
	}
	return d[0], redShape(s[0], norm, keepDims), nil
}

// redKeepDims returns the gradient dy of a reduction over the normalised
// axes with the reduced axes restored as size-1 axes, so that it broadcasts
// against the reduction's input. Nothing is added when keepDims was set or
// when only leading axes were reduced (broadcasting adds those).
func redKeepDims(dy *Node, axes []int, keepDims bool) *Node {
	if keepDims {
		return dy
	}
	for i, a := range axes {
		if a != i {
			return graphOf(dy).AddNode(expandDimsOp{axes: slices.Clone(axes)}, "ExpandDims", dy)
		}
	}
	return dy
}
