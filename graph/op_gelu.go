package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// geluOp is the Gaussian error linear unit.
type geluOp struct{ approximate bool }

// Gelu returns the Gaussian error linear unit x·Φ(x) elementwise for a
// float tensor x, where Φ is the standard normal distribution function
// (Keras's gelu). By default it is computed exactly, as
// 0.5·x·(1 + erf(x/√2)); with approximate set it uses the tanh
// approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
func Gelu(x *Node, approximate bool) *Node {
	return graphOf(x).AddNode(geluOp{approximate: approximate}, "", x)
}

func (geluOp) Type() string { return "Gelu" }

func (o geluOp) fn() actFn {
	if o.approximate {
		return actFn{kind: actGeluTanh}
	}
	return actFn{kind: actGeluExact}
}

func (geluOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (o geluOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { actMap(o.fn(), out, in[0]) }

// Gradient: exactly, d gelu(x)/dx = Φ(x) + x·φ(x) with φ the standard
// normal density; for the tanh form, with u = √(2/π)·(x + 0.044715·x³) and
// t = tanh(u), it is 0.5·(1 + t) + 0.5·x·(1 - t²)·u'. Either is applied by
// the fused op actGrad (GeluGrad).
func (o geluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(o.fn(), 1, n.inputs[0], dy)}, nil
}

// Constants of the tanh approximation.
const (
	geluC = 0.7978845608028654 // √(2/π)
	geluK = 0.044715
)

// geluPhi is the standard normal density φ(x).
func geluPhi(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }

// geluExactForward is x·Φ(x), with Φ(x) = erfc(-x/√2)/2 to keep precision
// for negative x.
func geluExactForward(x float64) float64 { return 0.5 * x * math.Erfc(-x/math.Sqrt2) }

// geluExactDeriv is the n-th derivative of x·Φ(x): Φ(x) + x·φ(x) for n = 1,
// and (-1)ⁿ·φ(x)·(He_{n-2}(x) - He_n(x)) for n ≥ 2, with He the
// probabilists' Hermite polynomials (He₀ = 1, He₁ = x,
// He_{k+1} = x·He_k - k·He_{k-1}), because Φ⁽ᵏ⁾ = (-1)ᵏ⁻¹·He_{k-1}·φ.
func geluExactDeriv(n int, x float64) float64 {
	phi := geluPhi(x)
	if n == 1 {
		return 0.5*math.Erfc(-x/math.Sqrt2) + x*phi
	}
	var he [actMaxOrder + 2]float64 // He_0 … He_n
	he[0], he[1] = 1, x
	for k := 1; k < n; k++ {
		he[k+1] = x*he[k] - float64(k)*he[k-1]
	}
	v := phi * (he[n-2] - he[n])
	if n%2 == 1 {
		v = -v
	}
	return v
}

// geluTanhForward is 0.5·x·(1 + tanh(u)), computed as x·σ(2u) to keep
// precision for negative x.
func geluTanhForward(x float64) float64 {
	u := geluC * (x + geluK*x*x*x)
	return x * actSigmoid(2*u)
}

// geluTanhDeriv is the n-th derivative of the tanh approximation. For n = 1
// it is σ(2u) + 2·x·u'·σ(2u)·(1 - σ(2u)); for higher n it comes from the
// Taylor coefficients of t = tanh(u(x0 + h)), which satisfy
// (m+1)·t_{m+1} = Σ_j (j+1)·u_{j+1}·w_{m-j} with w = 1 - t², so that the
// n-th coefficient of 0.5·(x0 + h)·(1 + t) times n! is the derivative.
func geluTanhDeriv(n int, x float64) float64 {
	u0 := geluC * (x + geluK*x*x*x)
	u1 := geluC * (1 + 3*geluK*x*x)
	if n == 1 {
		s := actSigmoid(2 * u0)
		return s + 2*x*u1*s*(1-s)
	}
	u := [4]float64{u0, u1, 3 * geluC * geluK * x, geluC * geluK}
	var t, w [actMaxOrder + 1]float64
	t[0] = math.Tanh(u0)
	for m := 0; m < n; m++ {
		// w_m needs t_0..t_m.
		w[m] = -geluDotReverse(t[:m+1])
		if m == 0 {
			w[0]++
		}
		sum := 0.0
		for j := 0; j <= m && j+1 < len(u); j++ {
			sum += float64(j+1) * u[j+1] * w[m-j]
		}
		t[m+1] = sum / float64(m+1)
	}
	fact := 1.0
	for k := 2; k <= n; k++ {
		fact *= float64(k)
	}
	return fact * 0.5 * (x*t[n] + t[n-1])
}

// geluDotReverse is Σ_l t_l·t_{i-l} for t of length i+1.
func geluDotReverse(t []float64) float64 {
	s := 0.0
	for l := range t {
		s += t[l] * t[len(t)-1-l]
	}
	return s
}
