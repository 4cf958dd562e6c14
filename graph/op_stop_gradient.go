package graph

import "github.com/neurite/neurite/tensor"

// stopGradientOp is the identity in the forward pass and a wall to gradients.
type stopGradientOp struct{}

// StopGradient returns a node with x's value through which no gradient
// flows: to [Gradients] the result is a constant, so an x that the output
// depends on only through StopGradient gets a nil gradient (as with
// TensorFlow's tf.stop_gradient). It accepts every dtype.
func StopGradient(x *Node) *Node { return graphOf(x).AddNode(stopGradientOp{}, "", x) }

func (stopGradientOp) Type() string { return "StopGradient" }

func (stopGradientOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (stopGradientOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: none by definition; the input is treated as a constant.
func (stopGradientOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{nil}, nil
}
