package graph

import "github.com/neurite/neurite/tensor"

// expOp is the elementwise exponential.
type expOp struct{}

// Exp returns eˣ elementwise (float dtypes only).
func Exp(x *Node) *Node { return graphOf(x).AddNode(expOp{}, "", x) }

func (expOp) Type() string { return "Exp" }

func (expOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (expOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ExpInto(out, in[0]) }

// Gradient: d(eˣ)/dx = eˣ, the output itself.
func (expOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Mul(dy, n)}, nil
}
