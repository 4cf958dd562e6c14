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
// dx = dy · [x == y] / Σ[x == y] (TensorFlow's _MinOrMaxGrad). Equal gives
// the tie mask in x's dtype and no gradient, so the second derivative
// through the tie shares is zero.
func (o maxOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	axes, err := redAxes(o.axes, len(x.shape))
	if err != nil {
		return nil, err
	}
	mask := Equal(x, redKeepDims(n, axes, o.keepDims))
	share := Div(mask, Sum(mask, axes, true))
	return []*Node{Mul(redKeepDims(dy, axes, o.keepDims), share)}, nil
}
