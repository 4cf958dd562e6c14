package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// maxOp takes the largest (or, with min set, the smallest) element over
// axes.
type maxOp struct {
	axes     []int
	keepDims bool
	min      bool
}

// Max returns the largest of x's elements over axes, like numpy.max; axes
// and keepDims are as for [Sum]. Its gradient goes to the elements equal
// to the maximum, shared equally among ties (as in TensorFlow).
func Max(x *Node, axes []int, keepDims bool) *Node {
	return graphOf(x).AddNode(maxOp{axes: slices.Clone(axes), keepDims: keepDims}, "Max", x)
}

// Min returns the smallest of x's elements over axes, like numpy.min; it
// is otherwise as [Max].
func Min(x *Node, axes []int, keepDims bool) *Node {
	return graphOf(x).AddNode(maxOp{axes: slices.Clone(axes), keepDims: keepDims, min: true}, "Min", x)
}

func (o maxOp) Type() string {
	if o.min {
		return "Min"
	}
	return "Max"
}

func (o maxOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	dt, sh, err := redInfer(d, s, o.axes, o.keepDims, false)
	if err != nil {
		return 0, nil, err
	}
	axes, _ := redAxes(o.axes, len(s[0]))
	for _, a := range axes {
		if s[0][a] == 0 {
			return 0, nil, fmt.Errorf("cannot reduce over axis %d of size 0", a)
		}
	}
	return dt, sh, nil
}

func (o maxOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.min {
		tensor.MinInto(out, in[0], o.axes, o.keepDims)
	} else {
		tensor.MaxInto(out, in[0], o.axes, o.keepDims)
	}
}

// Gradient: ∂max/∂x is 1 at the position of the maximum and 0 elsewhere;
// when k elements tie for the maximum each gets 1/k, so
// dx = dy · [x == y] / Σ[x == y]. The tie shares are piecewise constant in
// x, so the second derivative through them is zero.
func (o maxOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	axes, err := redAxes(o.axes, len(x.shape))
	if err != nil {
		return nil, err
	}
	mask := graphOf(x).AddNode(maxTieMaskOp{}, "TieMask", x, redKeepDims(n, axes, o.keepDims))
	share := graphOf(x).AddNode(maxTieShareOp{}, "TieShare", mask, Sum(mask, axes, true))
	return []*Node{Mul(redKeepDims(dy, axes, o.keepDims), share)}, nil
}

// maxTieMaskOp is 1 where its first input equals its second (broadcast to
// the first's shape) and 0 elsewhere, in the first input's dtype. It
// marks the elements that attain a maximum or minimum.
type maxTieMaskOp struct{}

func (maxTieMaskOp) Type() string { return "TieMask" }

func (maxTieMaskOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return maxBroadcastsToFirst(d, s)
}

func (maxTieMaskOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.BroadcastToInto(out, in[1])
	switch o := out.Raw().(type) {
	case []float32:
		maxTieMask(o, in[0].Float32s())
	case []float64:
		maxTieMask(o, in[0].Float64s())
	}
}

// maxTieMask sets out[i] to 1 where x[i] == out[i], else 0.
func maxTieMask[T float32 | float64](out, x []T) {
	x = x[:len(out)]
	for i, v := range x {
		if v == out[i] {
			out[i] = 1
		} else {
			out[i] = 0
		}
	}
}

// Gradient: the mask is piecewise constant.
func (maxTieMaskOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }

// maxTieShareOp divides a tie mask by the tie counts (broadcast to the
// mask's shape), giving each tied element its share of the gradient.
type maxTieShareOp struct{}

func (maxTieShareOp) Type() string { return "TieShare" }

func (maxTieShareOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return maxBroadcastsToFirst(d, s)
}

func (maxTieShareOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.BroadcastToInto(out, in[1])
	switch o := out.Raw().(type) {
	case []float32:
		maxTieShare(o, in[0].Float32s())
	case []float64:
		maxTieShare(o, in[0].Float64s())
	}
}

// maxTieShare sets out[i] = mask[i] / out[i].
func maxTieShare[T float32 | float64](out, mask []T) {
	mask = mask[:len(out)]
	for i, m := range mask {
		out[i] = m / out[i]
	}
}

// Gradient: it is only applied to a tie mask and its counts, which are
// piecewise constant in the reduction's input.
func (maxTieShareOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }

// maxBroadcastsToFirst is the shape rule of the tie ops: two float inputs
// of one dtype, the second broadcasting to the first, whose shape the
// output takes.
func maxBroadcastsToFirst(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	if _, ok := broadcastStatic(s[1], s[0]); !ok || len(s[1]) > len(s[0]) {
		return 0, nil, fmt.Errorf("shape %s does not broadcast to %s", formatShape(s[1]), formatShape(s[0]))
	}
	return dt, s[0], nil
}
