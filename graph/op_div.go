package graph

import "github.com/neurite/neurite/tensor"

// divOp is elementwise a / b with broadcasting.
type divOp struct{}

// Div returns a / b elementwise, broadcasting like numpy. For int64 it is
// integer division truncating toward zero, and a zero divisor makes the Run
// fail; float division by zero gives ±Inf or NaN.
func Div(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(divOp{}, "", a, b)
}

func (divOp) Type() string { return "Div" }

func (divOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (divOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.DivInto(out, in[0], in[1]) }

// Gradient: d(a/b)/da = 1/b and d(a/b)/db = -a/b² = -(a/b)/b, each reduced
// to its input's shape.
func (divOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	da := Div(dy, b)
	db := Neg(Div(Mul(dy, n), b))
	return []*Node{SumLike(da, a), SumLike(db, b)}, nil
}
