package kernels

import "math"

// The float64 exponential and the functions built on it, in float64
// arithmetic whose only fused multiply-adds are the polynomial's Horner
// steps (math.FMA; asmgen/ew64.go holds the same constants). The
// scheme is that of the float32 exponential (ew_exp.go) at double
// precision:
//
// e**x = 2**k · e**r with k = round(x·log2 e) and r = x − k·ln 2, where
// ln 2 is split into exp64C1 (its 32 leading bits, so that k·exp64C1 and
// x − k·exp64C1 are exact for |k| ≤ 1076) and a small correction, and
// e**r − 1 (|r| ≤ ln2/2) is r + r²·P(r) with P the Taylor polynomial of
// degree 11, evaluated by Horner's rule with fused multiply-adds
// (coefficients 1/2!, ..., 1/13!; the first term left out is
// below 2**-57 on the range). The result is scaled by 2**k rounding once,
// which also yields correctly rounded subnormals and overflows to +Inf.
//
// Tanh uses expm1 rather than e**x: with E = e**2a − 1 = 2**k·q +
// (2**k − 1), tanh a = E/(E + 2) keeps full relative accuracy down to the
// smallest a without a separate polynomial.
//
// Against 200-bit references (mpmath, a sample of 22,000 inputs: 10,000
// over the whole range, 10,000 in [-20, 20], 2,000 tiny ones) the errors
// were at most 0.85 ulp for Exp64 with a normal result (1 ulp of the
// smallest subnormal below), 1.83 ulp for Sigmoid64 and 1.98 ulp for
// Tanh64 (before the Horner steps were fused: 0.81, 1.83 and 1.98 on the
// same sample, 0.80, 2.02 and 2.13 on an earlier one of 20,000);
// TestEW64Accuracy keeps them within 2 ulp of the math package.

const (
	exp64Hi    = 709.8                      // above, e**x overflows (ln of the largest float64 is 709.7827)
	exp64Lo    = -746                       // below, e**x rounds to 0 (it does from -745.1332)
	exp64Log2e = 1.4426950408889634         // log2(e)
	exp64C1    = 6.93147180369123816490e-01 // ln 2 to 32 bits (0x3fe62e42fee00000)
	exp64NC2   = -1.9082149292705877e-10    // exp64C1 − ln 2
	tanh64Hi   = 20                         // tanh rounds to ±1 beyond 19.1
)

// exp64P holds the coefficients, lowest first, of the polynomial P with
// e**r − 1 ≈ r + r²·P(r): 1/(j+2)! for j = 0..11.
var exp64P = [...]float64{
	1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// exp64Parts returns k as a float64 and q ≈ e**r − 1 for x in [-746,
// 709.8] (or NaN).
func exp64Parts(x float64) (kf, q float64) {
	kf = math.RoundToEven(float64(x * exp64Log2e))
	rhi := x - float64(kf*exp64C1) // exact
	rlo := float64(kf * exp64NC2)
	r := rhi + rlo
	p := exp64P[len(exp64P)-1]
	for j := len(exp64P) - 2; j >= 0; j-- {
		p = math.FMA(p, r, exp64P[j])
	}
	zp := float64(float64(r*r) * p)
	return kf, rhi + (rlo + zp)
}

// exp64Pow2 returns 2**n for integral n in [-1022, 1023].
func exp64Pow2(n float64) float64 {
	return math.Float64frombits(uint64(int64(n)+1023) << 52)
}

// exp64Scale returns p·2**k rounded once, for p in [0.7, 1.5] and
// integral k with |k| ≤ 1076: p·2**floor(k/2) is exact and normal, so only
// the second product rounds.
func exp64Scale(p, kf float64) float64 {
	n1 := math.Floor(float64(kf * 0.5))
	return float64(p*exp64Pow2(n1)) * exp64Pow2(kf-n1)
}

// exp64 is the float64 exponential of [Exp64].
func exp64(x float64) float64 {
	if x != x {
		return x
	}
	x = min(max(x, exp64Lo), exp64Hi)
	kf, q := exp64Parts(x)
	return exp64Scale(q+1, kf)
}

// sigmoid64 is the logistic function of [Sigmoid64]: with e = e**-|x| in
// (0, 1], 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0.
func sigmoid64(x float64) float64 {
	e := exp64(math.Float64frombits(math.Float64bits(x) | 1<<63))
	num := 1.0
	if x < 0 {
		num = e
	}
	return num / (e + 1)
}

// tanh64 is the hyperbolic tangent of [Tanh64]: with b = min(|x|, 20),
// E = e**2b − 1 = q·2**k + (2**k − 1) and E/(E + 2), with the sign of x.
func tanh64(x float64) float64 {
	if x != x {
		return x
	}
	b := min(math.Abs(x), tanh64Hi)
	kf, q := exp64Parts(b + b)
	s := exp64Pow2(kf)
	e := float64(q*s) + (s - 1)
	t := e / (e + 2)
	return math.Float64frombits(math.Float64bits(t) | math.Float64bits(x)&(1<<63))
}

// ewExp64Go is the portable [Exp64]:
//
//	for i := range d {
//		d[i] = exp64(x[i])
//	}
func ewExp64Go(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = exp64(v)
	}
}

// ewSigmoid64Go is the portable [Sigmoid64]:
//
//	for i := range d {
//		d[i] = sigmoid64(x[i])
//	}
func ewSigmoid64Go(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = sigmoid64(v)
	}
}

// ewTanh64Go is the portable [Tanh64]:
//
//	for i := range d {
//		d[i] = tanh64(x[i])
//	}
func ewTanh64Go(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = tanh64(v)
	}
}
