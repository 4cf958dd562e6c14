package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// eluOp is the exponential linear unit.
type eluOp struct{ alpha float64 }

// Elu returns x where x > 0 and alpha·(exp(x) - 1) elsewhere, elementwise
// for a float tensor x (Keras's elu; alpha is usually 1). alpha must be
// finite.
func Elu(x *Node, alpha float64) *Node { return graphOf(x).AddNode(eluOp{alpha: alpha}, "", x) }

func (eluOp) Type() string { return "Elu" }

func (o eluOp) fn() actFn { return actFn{kind: actElu, alpha: o.alpha, scale: 1} }

func (o eluOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := actCheckFinite("alpha", o.alpha); err != nil {
		return 0, nil, err
	}
	return inferUnaryFloat(d, s)
}

func (o eluOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { actMap(o.fn(), out, in[0]) }

// Gradient: d elu(x)/dx is 1 where x > 0 and alpha·exp(x) elsewhere,
// applied by the fused op actGrad (EluGrad).
func (o eluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(o.fn(), 1, n.inputs[0], dy)}, nil
}

// eluForward is scale·x for x > 0 and scale·alpha·(exp(x) - 1) elsewhere
// (Elu with scale 1, Selu with its constants).
func eluForward(f actFn, x float64) float64 {
	if x > 0 {
		return f.scale * x
	}
	return f.scale * f.alpha * math.Expm1(x)
}

// eluDeriv is the n-th derivative of eluForward: scale (n = 1) or 0 (n > 1)
// for x > 0, and scale·alpha·exp(x) for every n elsewhere.
func eluDeriv(f actFn, n int, x float64) float64 {
	if x > 0 {
		if n == 1 {
			return f.scale
		}
		return 0
	}
	return f.scale * f.alpha * math.Exp(x)
}
