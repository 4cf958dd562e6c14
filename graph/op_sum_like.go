package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// sumLikeOp sums its first input over the axes along which the second
// input's shape was broadcast to it. It undoes broadcasting in gradients.
type sumLikeOp struct{}

// SumLike returns x summed down to the shape of like (numpy's reverse of
// broadcasting: leading axes are summed away, axes where like has size 1
// are summed with keep-dims). like is used only for its shape. When the
// static shapes already match, x itself is returned.
func SumLike(x, like *Node) *Node {
	if x != nil && like != nil && isKnown(x.shape) && x.shape.Equal(like.shape) {
		return x
	}
	return graphOf(x, like).AddNode(sumLikeOp{}, "SumLike", x, like)
}

func (sumLikeOp) Type() string { return "SumLike" }

func (sumLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if _, ok := broadcastStatic(s[1], s[0]); !ok || len(s[1]) > len(s[0]) {
		return 0, nil, fmt.Errorf("shape %s does not broadcast to %s", formatShape(s[1]), formatShape(s[0]))
	}
	return d[0], s[1], nil
}

func (sumLikeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SumToInto(out, in[0]) }

// Gradient: the adjoint of summing is broadcasting back.
func (sumLikeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{BroadcastLike(dy, n.inputs[0]), nil}, nil
}
