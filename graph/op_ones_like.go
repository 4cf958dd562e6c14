package graph

import "github.com/neurite/neurite/tensor"

// onesLikeOp produces ones in the shape and dtype of its input.
type onesLikeOp struct{}

// OnesLike returns a tensor of ones with x's dtype and run-time shape.
func OnesLike(x *Node) *Node { return graphOf(x).AddNode(onesLikeOp{}, "OnesLike", x) }

func (onesLikeOp) Type() string { return "OnesLike" }

func (onesLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (onesLikeOp) Compute(out *tensor.Tensor, _ []*tensor.Tensor) { out.Fill(1) }

// Gradient: the output does not depend on x's values.
func (onesLikeOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil}, nil }
