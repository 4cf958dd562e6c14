package graph

import "github.com/neurite/neurite/tensor"

// zerosLikeOp is zeros in the shape and dtype of its input.
type zerosLikeOp struct{}

// ZerosLike returns a tensor of zeros with x's dtype and run-time shape.
func ZerosLike(x *Node) *Node { return graphOf(x).AddNode(zerosLikeOp{}, "", x) }

func (zerosLikeOp) Type() string { return "ZerosLike" }

func (zerosLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (zerosLikeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.Fill(0) }

// Gradient: the output does not depend on x's values.
func (zerosLikeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{nil}, nil
}
