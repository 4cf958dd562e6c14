package graph

import "github.com/neurite/neurite/tensor"

// swishOp is x·σ(x).
type swishOp struct{}

// Swish returns x·σ(x) elementwise for a float tensor x, where σ is the
// logistic function (Keras's swish, also called SiLU).
func Swish(x *Node) *Node { return graphOf(x).AddNode(swishOp{}, "", x) }

func (swishOp) Type() string { return "Swish" }

func (swishOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (swishOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actMap(actFn{kind: actSwish}, out, in[0])
}

// Gradient: d(x·σ(x))/dx = σ(x) + x·σ(x)·(1 - σ(x)), applied by the fused
// op actGrad (SwishGrad).
func (swishOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(actFn{kind: actSwish}, 1, n.inputs[0], dy)}, nil
}

// swishDeriv is the n-th derivative of x·σ(x), x·σ⁽ⁿ⁾(x) + n·σ⁽ⁿ⁻¹⁾(x)
// by Leibniz's rule, with σ⁽ᵏ⁾ = P_k(σ) (see actCoef).
func swishDeriv(n int, x float64, c *actCoef) float64 {
	s := actSigmoid(x)
	if n == 1 {
		return s + x*s*(1-s)
	}
	return x*actPoly(c.cur[:n+2], s) + float64(n)*actPoly(c.prev[:n+1], s)
}
