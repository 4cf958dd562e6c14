package graph

import "github.com/neurite/neurite/tensor"

// maximumOp is the elementwise maximum of a and b with broadcasting.
type maximumOp struct{}

// Maximum returns the elementwise maximum of a and b, broadcasting like
// numpy. A NaN in either operand gives NaN.
func Maximum(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(maximumOp{}, "", a, b)
}

func (maximumOp) Type() string { return "Maximum" }

func (maximumOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (maximumOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MaximumInto(out, in[0], in[1])
}

// Gradient: dy flows to the input that is the maximum, dy·[a ≥ b] to a and
// dy·[a < b] to b, each reduced to its input's shape. Where a and b tie the
// whole of dy goes to a (as in TensorFlow).
func (maximumOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return mathRouteGradient(GreaterEqual(a, b), a, b, dy), nil
}

// mathRouteGradient returns the gradients of an op that selects a where
// aWins is non-zero and b elsewhere: dy where its input won, zero where it
// did not, each reduced to its input's shape.
func mathRouteGradient(aWins, a, b, dy *Node) []*Node {
	zero := dy.g.scalarOf(0, dy.dtype)
	return []*Node{SumLike(Where(aWins, dy, zero), a), SumLike(Where(aWins, zero, dy), b)}
}
