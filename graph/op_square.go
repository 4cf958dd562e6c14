package graph

import "github.com/neurite/neurite/tensor"

// squareOp is x² elementwise.
type squareOp struct{}

// Square returns x*x elementwise.
func Square(x *Node) *Node { return graphOf(x).AddNode(squareOp{}, "", x) }

func (squareOp) Type() string { return "Square" }

func (squareOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (squareOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SquareInto(out, in[0]) }

// Gradient: d(x²)/dx = 2x.
func (squareOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	return []*Node{Mul(dy, Mul(x, n.g.scalarOf(2, x.dtype)))}, nil
}
