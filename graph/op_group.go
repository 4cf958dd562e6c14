package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// groupOp depends on its inputs and computes nothing.
type groupOp struct{}

// Group returns a node that depends on every one of nodes and does nothing
// itself (TensorFlow's tf.group): fetching it runs them all, so one fetch
// performs several variable updates. Its value is a float32 scalar 0. Since
// it depends on the updates, it runs after them, at the end of the Run.
// nodes must hold at least one node.
func Group(nodes ...*Node) *Node {
	return graphOf(nodes...).AddNode(groupOp{}, "", nodes...)
}

func (groupOp) Type() string { return "Group" }

func (groupOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return tensor.Float32, tensor.Shape{}, nil
}

func (groupOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.Fill(0) }

// Gradient: a group has no meaningful value to differentiate.
func (groupOp) Gradient(n, dy *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: Group only orders other nodes", ErrNoGradient)
}
