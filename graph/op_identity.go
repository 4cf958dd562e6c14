package graph

import "github.com/neurite/neurite/tensor"

// identityOp is a copy of its input.
type identityOp struct{}

// Identity returns a node with x's value. It accepts every dtype.
func Identity(x *Node) *Node { return graphOf(x).AddNode(identityOp{}, "", x) }

func (identityOp) Type() string { return "Identity" }

func (identityOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (identityOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: the identity passes dy through unchanged.
func (identityOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{dy}, nil
}
