package graph

import "github.com/neurite/neurite/tensor"

// negOp is elementwise negation.
type negOp struct{}

// Neg returns -x elementwise. It accepts every dtype.
func Neg(x *Node) *Node { return graphOf(x).AddNode(negOp{}, "", x) }

func (negOp) Type() string { return "Neg" }

func (negOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (negOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.NegInto(out, in[0]) }

// Gradient: d(-x)/dx = -1.
func (negOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Neg(dy)}, nil
}
