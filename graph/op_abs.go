package graph

import "github.com/neurite/neurite/tensor"

// absOp is the elementwise absolute value.
type absOp struct{}

// Abs returns |x| elementwise. It accepts every dtype.
func Abs(x *Node) *Node { return graphOf(x).AddNode(absOp{}, "", x) }

func (absOp) Type() string { return "Abs" }

func (absOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (absOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.AbsInto(out, in[0]) }

// Gradient: d|x|/dx = sign(x), taken as 0 at x = 0.
func (absOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Mul(dy, Sign(n.inputs[0]))}, nil
}
