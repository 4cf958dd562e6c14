package graph

import "github.com/neurite/neurite/tensor"

// minimumOp is the elementwise minimum of a and b with broadcasting.
type minimumOp struct{}

// Minimum returns the elementwise minimum of a and b, broadcasting like
// numpy. A NaN in either operand gives NaN.
func Minimum(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(minimumOp{}, "", a, b)
}

func (minimumOp) Type() string { return "Minimum" }

func (minimumOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (minimumOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MinimumInto(out, in[0], in[1])
}

// Gradient: dy flows to the input that is the minimum, dy·[a ≤ b] to a and
// dy·[a > b] to b, each reduced to its input's shape. Where a and b tie the
// whole of dy goes to a (as in TensorFlow).
func (minimumOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return mathRouteGradient(LessEqual(a, b), a, b, dy), nil
}
