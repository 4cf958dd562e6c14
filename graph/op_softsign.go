package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// softsignOp is x / (1 + |x|).
type softsignOp struct{}

// Softsign returns x / (1 + |x|) elementwise for a float tensor x.
func Softsign(x *Node) *Node { return graphOf(x).AddNode(softsignOp{}, "", x) }

func (softsignOp) Type() string { return "Softsign" }

func (softsignOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (softsignOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actMap(actFn{kind: actSoftsign}, out, in[0])
}

// Gradient: d softsign(x)/dx = 1 / (1 + |x|)², applied by the fused op
// actGrad (SoftsignGrad).
func (softsignOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(actFn{kind: actSoftsign}, 1, n.inputs[0], dy)}, nil
}

// softsignFactor is (-1)ⁿ⁻¹·n!, the constant of the n-th derivative.
func softsignFactor(n int) float64 {
	f := 1.0
	for k := 2; k <= n; k++ {
		f *= float64(k)
	}
	if n%2 == 0 {
		f = -f
	}
	return f
}

// softsignDeriv is the n-th derivative of softsign for x ≠ 0:
// (-1)ⁿ⁻¹·n!·sign(x)ⁿ⁻¹ / (1 + |x|)ⁿ⁺¹, with c.k = (-1)ⁿ⁻¹·n!.
func softsignDeriv(n int, x float64, c *actCoef) float64 {
	a := 1 + math.Abs(x)
	if n == 1 {
		return 1 / (a * a)
	}
	v := c.k / math.Pow(a, float64(n+1))
	if n%2 == 0 { // an odd power of sign(x)
		switch {
		case x < 0:
			v = -v
		case x == 0:
			v = 0 // the kink: the mean of the one-sided values
		}
	}
	return v
}
