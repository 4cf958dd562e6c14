package kernels

import "math"

// The float32 exponential and the functions built on it, in float32
// arithmetic without FMA (asmgen/ew.go holds the same constants).
//
// e**x = 2**k · e**r with k = round(x·log2 e) and r = x − k·ln 2, where
// ln 2 is split Cody–Waite style into expC1 (9 significant bits, so that
// k·expC1 and x − k·expC1 are exact) and a small correction, and e**r − 1
// (|r| ≤ ln2/2) is r + r²·P(r) with the degree-5 polynomial of Cephes'
// expf. The result is scaled by 2**k rounding once, which also yields
// correctly rounded subnormals and overflows to +Inf. An exhaustive check
// of all 2**32 inputs against math.Exp puts the error at most 0.90 ulp;
// tanh is within 1.05 ulp and sigmoid, whose e/(1+e) doubles the error of
// e where the quotient falls into a lower binade, within 2.41 ulp.
// The tests sweep a sample of the range.

const (
	expHi    = 89                  // above, e**x overflows: clamp (keeps NaN)
	expLo    = -104                // below, e**x rounds to 0
	expLog2e = 1.44269504088896341 // log2(e) as a float32
	expC1    = 0.693359375         // ln 2 to 9 bits
	expNC2   = 2.12194440e-4       // expC1 − ln 2, as a float32
	tanhHi   = 9.1                 // tanh rounds to ±1 beyond 9.02
	tanhX    = 0.75                // below, tanh uses its polynomial
	expP0    = float32(1.9875691500e-4)
	expP1    = float32(1.3981999507e-3)
	expP2    = float32(8.3334519073e-3)
	expP3    = float32(4.1665795894e-2)
	expP4    = float32(1.6666665459e-1)
	expP5    = float32(5.0000001201e-1)
)

// tanhP holds the coefficients, highest first, of the polynomial P with
// tanh(a) ≈ a + a³·P(a²) for a < 0.75 (a Chebyshev fit, float32-rounded).
var tanhP = [...]float32{-0.00069653307, 0.0030899264, -0.008684717, 0.021835782, -0.053965166, 0.13333322, -0.33333334}

// expParts returns k as a float32 and q ≈ e**r − 1 for x in [-104, 89]
// (or NaN).
func expParts(x float32) (kf, q float32) {
	kf = float32(math.RoundToEven(float64(float32(x * expLog2e))))
	rhi := x - float32(kf*expC1) // exact
	rlo := float32(kf * expNC2)
	r := rhi + rlo
	p := float32(expP0*r) + expP1
	p = float32(p*r) + expP2
	p = float32(p*r) + expP3
	p = float32(p*r) + expP4
	p = float32(p*r) + expP5
	zp := float32(float32(r*r) * p)
	return kf, rhi + (rlo + zp)
}

// expScale returns p·2**k rounded once to float32, for integral k with
// |k| ≤ 150: the float64 product is exact.
func expScale(p, kf float32) float32 {
	return float32(float64(p) * math.Float64frombits(uint64(int64(kf)+1023)<<52))
}

// exp32 is the float32 exponential of [Exp32].
func exp32(x float32) float32 {
	if x != x {
		return x
	}
	if expHi < x {
		x = expHi
	}
	if expLo > x {
		x = expLo
	}
	kf, q := expParts(x)
	return expScale(q+1, kf)
}

// sigmoid32 is the logistic function of [Sigmoid32]: with e = e**-|x| in
// (0, 1], 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0.
func sigmoid32(x float32) float32 {
	e := exp32(math.Float32frombits(math.Float32bits(x) | 1<<31))
	num := float32(1)
	if x < 0 {
		num = e
	}
	return num / (e + 1)
}

// tanh32 is the hyperbolic tangent of [Tanh32]: for a = |x| < 0.75 the
// polynomial a + (a·a²)·P(a²), otherwise 1 − 2/(e**2b + 1) with b =
// min(a, 9.1); then the sign of x.
func tanh32(x float32) float32 {
	if x != x {
		return x
	}
	a := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	var t float32
	if a < tanhX {
		u := float32(a * a)
		p := float32(tanhP[0] * u)
		for _, c := range tanhP[1 : len(tanhP)-1] {
			p = float32((p + c) * u)
		}
		p += tanhP[len(tanhP)-1]
		t = a + float32(float32(a*u)*p)
	} else {
		b := a
		if tanhHi < b {
			b = tanhHi
		}
		kf, q := expParts(b + b)
		e := expScale(q+1, kf)
		t = 1 - 2/(e+1)
	}
	return math.Float32frombits(math.Float32bits(t) | math.Float32bits(x)&(1<<31))
}

// ewExpGo is the portable [Exp32]:
//
//	for i := range d {
//		d[i] = exp32(x[i])
//	}
func ewExpGo(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = exp32(v)
	}
}

// ewSigmoidGo is the portable [Sigmoid32]:
//
//	for i := range d {
//		d[i] = sigmoid32(x[i])
//	}
func ewSigmoidGo(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = sigmoid32(v)
	}
}

// ewTanhGo is the portable [Tanh32]:
//
//	for i := range d {
//		d[i] = tanh32(x[i])
//	}
func ewTanhGo(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = tanh32(v)
	}
}

// ewExpSumGo is the portable [ExpSum32] with a destination:
//
//	var s [16]float64
//	for i := range x {
//		d[i] = exp32(x[i] - m)
//		s[i%16] += float64(d[i])
//	}
//	return ewTree(s[:])
func ewExpSumGo(d, x []float32, m float32) float64 {
	var s [16]float64
	d = d[:len(x)]
	for i, v := range x {
		e := exp32(v - m)
		d[i] = e
		s[i%16] += float64(e)
	}
	return ewTree(s[:])
}

// ewExpSumNoStoreGo is the portable [ExpSum32] without a destination:
// ewExpSumGo that does not store the exponentials.
func ewExpSumNoStoreGo(x []float32, m float32) float64 {
	var s [16]float64
	for i, v := range x {
		s[i%16] += float64(exp32(v - m))
	}
	return ewTree(s[:])
}
