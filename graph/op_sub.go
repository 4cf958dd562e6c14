package graph

import "github.com/neurite/neurite/tensor"

// subOp is elementwise a - b with broadcasting.
type subOp struct{}

// Sub returns a - b elementwise, broadcasting like numpy.
func Sub(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(subOp{}, "", a, b)
}

func (subOp) Type() string { return "Sub" }

func (subOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (subOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SubInto(out, in[0], in[1]) }

// Gradient: d(a-b)/da = 1 and d(a-b)/db = -1, each reduced to its input's
// shape.
func (subOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return []*Node{SumLike(dy, a), SumLike(Neg(dy), b)}, nil
}
