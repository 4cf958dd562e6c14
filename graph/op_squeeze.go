package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// squeezeOp removes axes of size 1.
type squeezeOp struct{ axes []int }

// Squeeze returns x without the given axes, which must have size 1, like
// numpy.squeeze; axes may be negative. With no axes it drops every axis
// whose static size is 1 (an Unknown dimension is kept even if it turns
// out to be 1 at run time).
func Squeeze(x *Node, axes ...int) *Node {
	axes = slices.Clone(axes)
	if len(axes) == 0 && x != nil {
		for i, v := range x.shape {
			if v == 1 {
				axes = append(axes, i)
			}
		}
	}
	return graphOf(x).AddNode(squeezeOp{axes: axes}, "Squeeze", x)
}

func (squeezeOp) Type() string { return "Squeeze" }

func (o squeezeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	r := len(s[0])
	drop := make([]bool, r)
	for _, ax := range o.axes {
		a, err := normAxis(ax, r)
		if err != nil {
			return 0, nil, err
		}
		if drop[a] {
			return 0, nil, fmt.Errorf("axis %d is repeated in %v", a, o.axes)
		}
		if v := s[0][a]; v != 1 && v != Unknown {
			return 0, nil, fmt.Errorf("cannot squeeze axis %d of size %d", a, v)
		}
		drop[a] = true
	}
	out := make(tensor.Shape, 0, r)
	for i, v := range s[0] {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return d[0], out, nil
}

func (squeezeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: no element moves, so dy is reshaped back to x's shape.
func (squeezeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reshapeLike(dy, n.inputs[0])}, nil
}
