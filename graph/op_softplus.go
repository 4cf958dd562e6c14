package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// softplusOp is log(1 + exp(x)).
type softplusOp struct{}

// Softplus returns log(1 + exp(x)) elementwise for a float tensor x,
// computed as max(x, 0) + log1p(exp(-|x|)) so that it cannot overflow:
// Softplus of 1000 is 1000 and of -1000 is 0.
func Softplus(x *Node) *Node { return graphOf(x).AddNode(softplusOp{}, "", x) }

func (softplusOp) Type() string { return "Softplus" }

func (softplusOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (softplusOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actMap(actFn{kind: actSoftplus}, out, in[0])
}

// Gradient: d softplus(x)/dx = σ(x), the logistic function, applied by the
// fused op actGrad (SoftplusGrad).
func (softplusOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(actFn{kind: actSoftplus}, 1, n.inputs[0], dy)}, nil
}

func softplusForward(x float64) float64 {
	return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// softplusDeriv is the n-th derivative of softplus, σ⁽ⁿ⁻¹⁾(x) = P_{n-1}(σ(x))
// (see actCoef).
func softplusDeriv(n int, x float64, c *actCoef) float64 {
	s := actSigmoid(x)
	if n == 1 {
		return s
	}
	return actPoly(c.prev[:n+1], s)
}
