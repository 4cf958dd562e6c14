package graph

import "github.com/neurite/neurite/tensor"

// powOp is elementwise a ** b with broadcasting.
type powOp struct{}

// Pow returns a raised to the power b elementwise, broadcasting like numpy
// and computing like math.Pow. For int64 it is exact integer
// exponentiation, and a negative exponent makes the Run fail.
func Pow(a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(powOp{}, "", a, b)
}

func (powOp) Type() string { return "Pow" }

func (powOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (powOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.PowInto(out, in[0], in[1]) }

// Gradient: d(aᵇ)/da = b·aᵇ⁻¹ and d(aᵇ)/db = aᵇ·log(a), each reduced to its
// input's shape.
//
// The b-gradient is defined only for a > 0. Where a ≤ 0 it is taken to be 0
// (TensorFlow's convention), which is exact for a = 0 and b > 0 and avoids
// the NaN of log(a) there; for a < 0 aᵇ has no real derivative in b.
func (powOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	g := n.g
	one := g.scalarOf(1, b.dtype)
	da := Mul(dy, Mul(b, Pow(a, Sub(b, one))))
	zero := g.scalarOf(0, a.dtype)
	logA := Where(Greater(a, zero), Log(a), zero)
	db := Mul(dy, Mul(n, logA))
	return []*Node{SumLike(da, a), SumLike(db, b)}, nil
}
