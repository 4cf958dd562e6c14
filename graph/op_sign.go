package graph

import "github.com/neurite/neurite/tensor"

// signOp is the elementwise sign.
type signOp struct{}

// Sign returns 1 where x > 0, -1 where x < 0 and 0 where x is zero,
// elementwise; NaN stays NaN. It accepts every dtype. No gradient flows
// through it.
func Sign(x *Node) *Node { return graphOf(x).AddNode(signOp{}, "", x) }

func (signOp) Type() string { return "Sign" }

func (signOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (signOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SignInto(out, in[0]) }

// Gradient: sign is piecewise constant, with derivative zero wherever it
// exists, so no gradient flows to x.
func (signOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{nil}, nil
}
