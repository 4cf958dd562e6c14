package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// expandDimsOp inserts axes of size 1. Each axis is a position in the
// output, so its rank bounds them.
type expandDimsOp struct{ axes []int }

// ExpandDims returns x with a new axis of size 1 inserted at position axis,
// like numpy.expand_dims. axis lies in [-rank-1, rank]; -1 appends the new
// axis at the end.
func ExpandDims(x *Node, axis int) *Node {
	return graphOf(x).AddNode(expandDimsOp{axes: []int{axis}}, "ExpandDims", x)
}

func (expandDimsOp) Type() string { return "ExpandDims" }

func (o expandDimsOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	r := len(s[0]) + len(o.axes)
	insert := make([]bool, r)
	for _, a := range o.axes {
		if a < -r || a >= r {
			return 0, nil, fmt.Errorf("axis %d is out of range for inserting into rank %d (allowed [%d, %d])",
				a, len(s[0]), -r, r-1)
		}
		if a < 0 {
			a += r
		}
		if insert[a] {
			return 0, nil, fmt.Errorf("axis %d is repeated in %v", a, o.axes)
		}
		insert[a] = true
	}
	out := make(tensor.Shape, 0, r)
	j := 0
	for _, ins := range insert {
		if ins {
			out = append(out, 1)
		} else {
			out = append(out, s[0][j])
			j++
		}
	}
	return d[0], out, nil
}

func (expandDimsOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: no element moves, so dy is reshaped back to x's shape.
func (expandDimsOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reshapeLike(dy, n.inputs[0])}, nil
}
