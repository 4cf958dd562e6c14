package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// broadcastToOp expands its input to a fixed shape by numpy broadcasting.
type broadcastToOp struct{ shape []int }

// BroadcastTo returns x expanded to the given (fully known) shape under
// numpy's broadcasting rules, like numpy.broadcast_to: x's shape is aligned
// with shape at the last axis, and each of x's dimensions must equal the
// target's or be 1.
func BroadcastTo(x *Node, shape ...int) *Node {
	return graphOf(x).AddNode(broadcastToOp{shape: slices.Clone(shape)}, "BroadcastTo", x)
}

func (broadcastToOp) Type() string { return "BroadcastTo" }

func (o broadcastToOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	for _, v := range o.shape {
		if v < 0 {
			return 0, nil, fmt.Errorf("target shape %s has a negative dimension", formatDims(o.shape))
		}
	}
	in, lead := s[0], len(o.shape)-len(s[0])
	ok := lead >= 0
	for i := 0; ok && i < len(in); i++ {
		v := in[i]
		ok = v == 1 || v == Unknown || v == o.shape[lead+i]
	}
	if !ok {
		return 0, nil, fmt.Errorf("shape %s cannot be broadcast to %s", formatShape(in), formatShape(o.shape))
	}
	return d[0], tensor.Shape(slices.Clone(o.shape)), nil
}

func (broadcastToOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.BroadcastToInto(out, in[0])
}

// Gradient: the adjoint of broadcasting is summing back to x's shape.
func (broadcastToOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{SumLike(dy, n.inputs[0])}, nil
}
