package graph

import "github.com/neurite/neurite/tensor"

// mulOp is elementwise a * b with broadcasting.
type mulOp struct{}

// Mul returns a * b elementwise, broadcasting like numpy.
func Mul(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(mulOp{}, "", a, b)
}

func (mulOp) Type() string { return "Mul" }

func (mulOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (mulOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.MulInto(out, in[0], in[1]) }

// Gradient: d(ab)/da = b and d(ab)/db = a, each reduced to its input's shape.
func (mulOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return []*Node{SumLike(Mul(dy, b), a), SumLike(Mul(dy, a), b)}, nil
}
