package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// whereOp selects elementwise between a and b by cond, broadcasting all
// three.
type whereOp struct{}

// Where returns a's element where cond is non-zero and b's element
// elsewhere, broadcasting cond, a and b together like numpy.where. a and b
// must share a dtype, which the result takes; cond may have any dtype (a
// NaN in cond counts as non-zero). Comparisons such as [Greater] make
// suitable conditions.
func Where(cond, a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(cond, a, b).AddNode(whereOp{}, "", cond, a, b)
}

func (whereOp) Type() string { return "Where" }

func (whereOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 3); err != nil {
		return 0, nil, err
	}
	if d[1] != d[2] {
		return 0, nil, fmt.Errorf("a and b have different dtypes %v and %v", d[1], d[2])
	}
	out := s[0]
	for _, sh := range s[1:] {
		var ok bool
		if out, ok = broadcastStatic(out, sh); !ok {
			return 0, nil, fmt.Errorf("shapes %s cannot be broadcast together", formatShapes(s))
		}
	}
	return d[1], out, nil
}

func (whereOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.WhereInto(out, in[0], in[1], in[2])
}

// Gradient: the output is a where cond holds and b elsewhere, so a receives
// Where(cond, dy, 0) and b receives Where(cond, 0, dy), each reduced to its
// input's shape. cond is piecewise constant and gets no gradient.
func (whereOp) Gradient(n, dy *Node) ([]*Node, error) {
	cond, a, b := n.inputs[0], n.inputs[1], n.inputs[2]
	zero := n.g.scalarOf(0, dy.dtype)
	return []*Node{nil, SumLike(Where(cond, dy, zero), a), SumLike(Where(cond, zero, dy), b)}, nil
}
