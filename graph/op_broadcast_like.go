package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// broadcastLikeOp broadcasts its first input to the shape of the second.
type broadcastLikeOp struct{}

// BroadcastLike returns x broadcast to the shape of like, which is used only
// for its shape.
func BroadcastLike(x, like *Node) *Node {
	if x != nil && like != nil && isKnown(x.shape) && x.shape.Equal(like.shape) {
		return x
	}
	return graphOf(x, like).AddNode(broadcastLikeOp{}, "BroadcastLike", x, like)
}

func (broadcastLikeOp) Type() string { return "BroadcastLike" }

func (broadcastLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if _, ok := broadcastStatic(s[0], s[1]); !ok || len(s[0]) > len(s[1]) {
		return 0, nil, fmt.Errorf("shape %s does not broadcast to %s", formatShape(s[0]), formatShape(s[1]))
	}
	return d[0], s[1], nil
}

func (broadcastLikeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.BroadcastToInto(out, in[0])
}

// Gradient: the adjoint of broadcasting is summing back.
func (broadcastLikeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{SumLike(dy, n.inputs[0]), nil}, nil
}
