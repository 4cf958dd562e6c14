package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// castOp converts its input to another dtype.
type castOp struct{ dtype tensor.DType }

// Cast returns x converted to dtype, like numpy's astype: float to int64
// truncates toward zero, NaN becomes 0 and values beyond the int64 range
// saturate. If x already has dtype, x itself is returned.
//
// Gradients flow through a cast between float dtypes. A cast to int64
// stops them (integer tensors carry no gradient), and so does a cast from
// an integer tensor.
func Cast(x *Node, dtype tensor.DType) *Node {
	if x != nil && x.id >= 0 && x.dtype == dtype {
		return x
	}
	return graphOf(x).AddNode(castOp{dtype: dtype}, "", x)
}

func (castOp) Type() string { return "Cast" }

func (c castOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	if !c.dtype.Valid() {
		return 0, nil, fmt.Errorf("invalid target dtype %v", c.dtype)
	}
	return c.dtype, s[0], nil
}

func (castOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.CastInto(out, in[0]) }

// Gradient: between float dtypes the cast is the identity on values, so x
// receives dy cast back to x's dtype. An integer x gets no gradient. (An
// integer output never receives one: Gradients stops at integer nodes.)
func (castOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	if !x.dtype.IsFloat() || !n.dtype.IsFloat() {
		return []*Node{nil}, nil
	}
	return []*Node{Cast(dy, x.dtype)}, nil
}
