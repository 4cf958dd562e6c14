package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The float64 exponential, sigmoid and tanh: the assembly against the Go
// twins bit for bit, and the twins against the math package.

// ew64Edges are float64 inputs at the edges of the float64 maps: the
// overflow and underflow thresholds of e**x, subnormal results, the
// saturation of tanh, tiny and subnormal inputs, zeros, infinities, NaN.
var ew64Edges = []float64{
	0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
	709.782712893384, 709.7827128933841, 709.8, 710, 1e300, -1e300,
	-708.39, -708.4, -744.44, -745.1332191019411, -745.1332191019412, -745.2, -746, -800,
	5e-324, -5e-324, 1e-310, -1e-310, 1e-200, 1e-17, -1e-17, 0x1p-27, 0.3465735902799727, -0.3465735902799727,
	19, 19.1, 20, 21, -20, -19.1, 36.7, -36.7, 37.5, 1, -1, 0.5, -0.5,
}

// ew64Rand returns n float64 inputs: the values of ewRand with the edges
// of ew64Edges and wide-range values mixed in.
func ew64Rand(r *rand.Rand, n int) []float64 {
	x := ewRand[float64](r, n)
	for i := range x {
		switch r.IntN(8) {
		case 0:
			x[i] = ew64Edges[r.IntN(len(ew64Edges))]
		case 1:
			x[i] = (r.Float64() - 0.5) * 1600
		}
	}
	return x
}

// ew64Maps are the float64 map kernels with their references.
var ew64Maps = []struct {
	name  string
	f     func(d, x []float64)
	exact func(float64) float64
	bound float64 // in ulp of the reference, over inputs with a normal result
}{
	// math.Exp itself is up to about 1.5 ulp off on amd64 (it gives
	// 9.8628620465804543e-15 for e**-32.25 = 9.86286204658045207e-15,
	// Exp64 9.8628620465804512e-15), so the bounds are looser than the
	// errors: against 200-bit references (mpmath) a sample of a million
	// inputs puts Exp64 within 0.80 ulp for normal results, Sigmoid64
	// within 2.02 and Tanh64 within 2.13.
	{"Exp64", Exp64, math.Exp, 2.5},
	{"Sigmoid64", Sigmoid64, func(x float64) float64 {
		if x >= 0 {
			return 1 / (1 + math.Exp(-x))
		}
		e := math.Exp(x)
		return e / (1 + e)
	}, 3},
	{"Tanh64", Tanh64, math.Tanh, 3},
}

func TestEWFloat64Maps(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(21, 22))
		lengths := append(append([]int(nil), ewLengths...), 1023, 1024, 1025)
		for _, n := range lengths {
			x := unaligned(ew64Rand(r, n), n%4)
			for _, k := range ew64Maps {
				runBoth(t, fmt.Sprint(k.name, " n ", n), func() [][]float64 { return [][]float64{make([]float64, n)} },
					func(b [][]float64) { k.f(b[0], x) })
				// In place.
				runBoth(t, fmt.Sprint(k.name, " in place n ", n), func() [][]float64 { return [][]float64{append([]float64(nil), x...)} },
					func(b [][]float64) { k.f(b[0], b[0]) })
			}
		}
		// Every edge in every position of a vector and its tail.
		for n := 1; n <= 17; n++ {
			for _, e := range ew64Edges {
				for pos := 0; pos < n; pos++ {
					x := make([]float64, n)
					for i := range x {
						x[i] = float64(i) - 3.25
					}
					x[pos] = e
					for _, k := range ew64Maps {
						runBoth(t, fmt.Sprint(k.name, " of ", e, " at ", pos, " of ", n), func() [][]float64 { return [][]float64{make([]float64, n)} },
							func(b [][]float64) { k.f(b[0], x) })
					}
				}
			}
		}
	})
}

// ulpErr64 is the distance of got from want in units of the float64 gap
// just above |want|.
func ulpErr64(got, want float64) float64 {
	a := math.Abs(want)
	return math.Abs(got-want) / (math.Nextafter(a, math.Inf(1)) - a)
}

// TestEW64Accuracy sweeps float64 inputs across the range (every 2**44th
// bit pattern of both signs, and the edges) and checks the float64 maps
// against the math package: outside the subnormal results of Exp64 the
// error stays within the bounds of ew64Maps, and overflow, underflow and
// NaN agree.
func TestEW64Accuracy(t *testing.T) {
	xs := append([]float64(nil), ew64Edges...)
	for b := uint64(0); b < 0x7ff0000000000000; b += 1 << 44 {
		v := math.Float64frombits(b)
		xs = append(xs, v, -v)
	}
	r := rand.New(rand.NewPCG(23, 24))
	for range 100000 {
		xs = append(xs, (r.Float64()-0.5)*60)
	}
	test := func(t *testing.T) {
		got := make([]float64, len(xs))
		for _, k := range ew64Maps {
			k.f(got, xs)
			worst, at := 0.0, 0.0
			for i, x := range xs {
				want, g := k.exact(x), got[i]
				switch {
				case x != x || want != want:
					if g == g {
						t.Errorf("%s(%v) = %v, want NaN", k.name, x, g)
					}
				case math.IsInf(want, 0) || want == 0 || math.Abs(want) < 0x1p-1022:
					// Overflow, underflow, subnormal results: within one
					// ulp of the smallest subnormal, or the same infinity.
					// math.Exp overflows a little early: e**709.782712893384
					// is 1.797693134862273e308.
					if math.IsInf(want, 0) && g != want && math.Abs(g) < 1.7976931e308 || !math.IsInf(want, 0) && math.Abs(g-want) > 5e-324 {
						t.Errorf("%s(%v) = %v, want %v", k.name, x, g, want)
					}
				default:
					if e := ulpErr64(g, want); e > worst {
						worst, at = e, x
					}
				}
			}
			if worst > k.bound {
				t.Errorf("%s: %.3f ulp from the math package at %v, bound %v", k.name, worst, at, k.bound)
			}
			t.Logf("%s: worst %.3f ulp from the math package (at %v) over %d inputs", k.name, worst, at, len(xs))
		}
	}
	t.Run("go", func(t *testing.T) { withGo(func() { test(t) }) })
	forEachEWSet(t, test)
}

func TestExp64Special(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	negZero := math.Copysign(0, -1)
	cases := []struct {
		name    string
		f       func(d, x []float64)
		x, want float64
	}{
		{"Exp64", Exp64, 0, 1}, {"Exp64", Exp64, negZero, 1}, {"Exp64", Exp64, 5e-324, 1}, {"Exp64", Exp64, -5e-324, 1},
		{"Exp64", Exp64, 1e-17, 1}, {"Exp64", Exp64, inf, inf}, {"Exp64", Exp64, -inf, 0},
		{"Exp64", Exp64, 709.7827128933841, inf}, {"Exp64", Exp64, 1000, inf},
		{"Exp64", Exp64, -745.1332191019412, 0}, {"Exp64", Exp64, -1000, 0},
		{"Exp64", Exp64, -745.1332191019411, 5e-324}, // the smallest subnormal
		{"Exp64", Exp64, 0x1p-1022, 1}, {"Exp64", Exp64, -1e-300, 1},
		{"Sigmoid64", Sigmoid64, 0, 0.5}, {"Sigmoid64", Sigmoid64, negZero, 0.5}, {"Sigmoid64", Sigmoid64, 1000, 1},
		{"Sigmoid64", Sigmoid64, -1000, 0}, {"Sigmoid64", Sigmoid64, inf, 1}, {"Sigmoid64", Sigmoid64, -inf, 0},
		{"Sigmoid64", Sigmoid64, 40, 1}, {"Sigmoid64", Sigmoid64, -800, 0},
		{"Tanh64", Tanh64, 0, 0}, {"Tanh64", Tanh64, 5e-324, 5e-324}, {"Tanh64", Tanh64, 1e-300, 1e-300},
		{"Tanh64", Tanh64, 19.1, 1}, {"Tanh64", Tanh64, -19.1, -1}, {"Tanh64", Tanh64, 1e300, 1},
		{"Tanh64", Tanh64, inf, 1}, {"Tanh64", Tanh64, -inf, -1},
	}
	test := func(t *testing.T) {
		for _, c := range cases {
			d := []float64{42}
			c.f(d, []float64{c.x})
			if d[0] != c.want {
				t.Errorf("%s(%v) = %v, want %v", c.name, c.x, d[0], c.want)
			}
		}
		d := []float64{42}
		Tanh64(d, []float64{negZero})
		if d[0] != 0 || !math.Signbit(d[0]) {
			t.Errorf("Tanh64(-0) = %v, want -0", d[0])
		}
		for _, k := range ew64Maps {
			d := []float64{42}
			k.f(d, []float64{nan})
			if d[0] == d[0] {
				t.Errorf("%s(NaN) = %v, want NaN", k.name, d[0])
			}
		}
		// The largest finite result: e**709.782712893384 =
		// 1.79769313486227322e308, just below MaxFloat64 (math.Exp
		// gives +Inf).
		Exp64(d, []float64{709.782712893384})
		if d[0] != 1.7976931348622732e308 {
			t.Errorf("Exp64(709.782712893384) = %v, want 1.7976931348622732e308", d[0])
		}
		// e and e**-1 (2.71828182845904524, 0.367879441171442322) to
		// within one ulp.
		Exp64(d, []float64{1})
		if math.Abs(d[0]-2.71828182845904524) > 0x1p-51 {
			t.Errorf("Exp64(1) = %v, want e", d[0])
		}
		Exp64(d, []float64{-1})
		if math.Abs(d[0]-0.367879441171442322) > 0x1p-54 {
			t.Errorf("Exp64(-1) = %v, want 1/e", d[0])
		}
		Tanh64(d, []float64{0.5})
		if math.Abs(d[0]-0.462117157260009758) > 0x1p-54 {
			t.Errorf("Tanh64(0.5) = %v, want 0.462117157260009758", d[0])
		}
	}
	t.Run("go", func(t *testing.T) { withGo(func() { test(t) }) })
	forEachEWSet(t, test)
}

func TestEWSumBlock64(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(25, 26))
		for n := 8; n <= 300; n++ {
			x := unaligned(ew64Rand(r, n), n%4)
			finite := make([]float64, n)
			for i := range finite {
				finite[i] = r.NormFloat64() * math.Exp(r.NormFloat64()*10)
			}
			for _, v := range [][]float64{x, finite} {
				var want float64
				got := SumBlock64(v)
				withGo(func() { want = SumBlock64(v) })
				if !same(got, want) {
					t.Fatalf("SumBlock64 n %d = %v, Go kernel gives %v", n, got, want)
				}
			}
		}
	})
	// The order, pinned: x[8] = 0.5 goes into r0 = 1e16 and is lost
	// before r0+r1 cancels; the tail 0.25 comes last (an in-order sum
	// gives 6.75).
	withGo(func() {
		x := []float64{1e16, -1e16, 1, 1, 1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.25}
		if s := SumBlock64(x); s != 6.25 {
			t.Errorf("SumBlock64 = %v, want 6.25", s)
		}
	})
}
