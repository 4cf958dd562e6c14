package graph

import "github.com/neurite/neurite/tensor"

// addOp is elementwise a + b with broadcasting.
type addOp struct{}

// Add returns a + b elementwise, broadcasting like numpy.
func Add(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(addOp{}, "", a, b)
}

func (addOp) Type() string { return "Add" }

func (addOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (addOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.AddInto(out, in[0], in[1]) }

// Gradient: d(a+b)/da = 1, reduced over the axes a was broadcast along.
func (addOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return []*Node{SumLike(dy, a), SumLike(dy, b)}, nil
}
