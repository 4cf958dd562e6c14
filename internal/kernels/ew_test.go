package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// forEachEWSet runs f as a subtest once per assembly kernel set this
// machine supports, with the elementwise kernels switched to it, and
// restores the default afterwards. The tests compare each set with the
// portable one, which is the specification.
func forEachEWSet(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	def := ewSetName()
	defer useEWSet(def)
	ran := false
	for _, s := range ewSets {
		if s == ewImplGo {
			continue
		}
		if !useEWSet(s.String()) {
			t.Fatalf("kernel set %v listed but not selectable", s)
		}
		ran = true
		t.Run(s.String(), f)
	}
	if !ran {
		t.Skip("no assembly kernel set on this machine")
	}
}

// withGo runs f with the portable kernels and switches back.
func withGo(f func()) {
	cur := ewSetName()
	useEWSet("go")
	defer useEWSet(cur)
	f()
}

func TestEWSetsListed(t *testing.T) {
	if n := len(ewSets); n == 0 || ewSets[n-1] != ewImplGo {
		t.Fatalf("kernel sets %v: the portable set must come last", ewSets)
	}
	if ewUse != ewSets[0] || ElementwiseISA() != ewSets[0].String() {
		t.Errorf("elementwise kernels use %v, want the best set %v", ewUse, ewSets[0])
	}
	if useEWSet("no-such-set") {
		t.Error("useEWSet accepted an unknown name")
	}
	for _, s := range ewSets {
		t.Logf("elementwise kernel set %v", s)
	}
}

// ewLengths are the lengths the comparisons run: every length up to 70
// (all tail sizes of every unrolling), and a large odd one (shorter under
// the race detector, which slows the portable loops many times over; the
// kernels run serially, so the length adds no concurrency to check).
var ewLengths = func() []int {
	var l []int
	for n := 0; n <= 70; n++ {
		l = append(l, n)
	}
	if gemmRace {
		return append(l, 10007)
	}
	return append(l, 100003)
}()

// ewRand returns n values: mostly moderate numbers of both signs, with
// zeros of both signs, infinities, NaN, subnormals and large values mixed
// in.
func ewRand[T scalar](r *rand.Rand, n int) []T {
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e-40, -1e-41, 3e38, -2e38, 1, -1}
	x := make([]T, n)
	for i := range x {
		switch r.IntN(16) {
		case 0:
			x[i] = T(special[r.IntN(len(special))])
		case 1:
			x[i] = T((r.Float64() - 0.5) * 400)
		default:
			x[i] = T(r.NormFloat64() * 3)
		}
	}
	return x
}

// same reports whether a and b are the same value: equal bits, or both
// NaN.
func same[T scalar](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	switch v := any(a).(type) {
	case float32:
		return math.Float32bits(v) == math.Float32bits(any(b).(float32))
	default:
		return math.Float64bits(any(a).(float64)) == math.Float64bits(any(b).(float64))
	}
}

// checkSame fails unless got and want hold the same values.
func checkSame[T scalar](t *testing.T, what string, got, want []T) {
	t.Helper()
	for i := range want {
		if !same(got[i], want[i]) {
			t.Fatalf("%s: element %d of %d = %v, Go kernel gives %v", what, i, len(want), got[i], want[i])
		}
	}
}

// unaligned returns a copy of x that starts off a vector boundary.
func unaligned[T scalar](x []T, off int) []T {
	b := make([]T, len(x)+off)
	copy(b[off:], x)
	return b[off:]
}

// runBoth runs f with the current set and with the portable one on copies
// of the inputs made by mk, and compares every output slice.
func runBoth[T scalar](t *testing.T, what string, mk func() [][]T, f func(bufs [][]T)) {
	t.Helper()
	got, want := mk(), mk()
	f(got)
	withGo(func() { f(want) })
	for i := range got {
		checkSame(t, fmt.Sprintf("%s slice %d", what, i), got[i], want[i])
	}
}

func testEWRows[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range ewLengths {
		for _, rows := range []int{1, 3} {
			if n*rows > 200000 {
				rows = 1
			}
			for op := OpAdd; op <= OpDiv; op++ {
				for _, bias := range []int{0, 1, 2} { // full, y broadcast, x broadcast
					xs, ys := n, n
					switch bias {
					case 1:
						ys = 0
					case 2:
						xs = 0
					}
					off := (n + int(op)) % 4
					x := unaligned(ewRand[T](r, max(1, (rows-1)*xs+n)), off)
					y := unaligned(ewRand[T](r, max(1, (rows-1)*ys+n)), 3-off)
					what := fmt.Sprintf("Rows op %d n %d rows %d xs %d ys %d", op, n, rows, xs, ys)
					runBoth(t, what, func() [][]T { return [][]T{make([]T, rows*n)} }, func(b [][]T) {
						Rows(op, b[0], x, y, rows, n, xs, ys)
					})
					if bias == 0 { // in place into x
						runBoth(t, what+" in place", func() [][]T { return [][]T{append([]T(nil), x...)} }, func(b [][]T) {
							Rows(op, b[0], b[0], y, rows, n, xs, ys)
						})
					}
				}
			}
		}
	}
}

func TestEWRows(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWRows[float32])
		t.Run("float64", testEWRows[float64])
	})
}

// testEWBiasRows checks biasRows against the portable kernel (runBoth)
// and, on the portable kernels, against Rows(OpAdd) followed by Relu row
// by row; the elements between the rows (ld > n) must stay as they were.
func testEWBiasRows[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range ewLengths {
		rows := 3
		if n > 1000 {
			rows = 1
		}
		for _, gap := range []int{0, 1, 5} {
			ld := n + gap
			c := unaligned(ewRand[T](r, (rows-1)*ld+n+gap), (n+gap)%4)
			bias := unaligned(ewRand[T](r, max(1, n)), gap%3)
			mk := func() [][]T { return [][]T{append([]T(nil), c...)} }
			for _, relu := range []bool{false, true} {
				what := fmt.Sprintf("biasRows n %d rows %d ld %d relu %v", n, rows, ld, relu)
				runBoth(t, what, mk, func(b [][]T) { biasRows(b[0], bias, rows, n, ld, relu) })
				got, want := mk()[0], mk()[0]
				withGo(func() {
					biasRows(got, bias, rows, n, ld, relu)
					for i := range rows {
						row := want[i*ld : i*ld+n]
						Rows(OpAdd, row, row, bias, 1, n, n, 0)
						if relu {
							Relu(row, row)
						}
					}
				})
				checkSame(t, what+" against Rows and Relu", got, want)
			}
		}
	}
}

// testEWReluGradRows checks reluGradRows against the portable kernel
// (runBoth) and, on the portable kernels, against ReluGrad row by row;
// the elements between the rows (ld > n) must stay as they were.
func testEWReluGradRows[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range ewLengths {
		rows := 3
		if n > 1000 {
			rows = 1
		}
		for _, gap := range []int{0, 1, 5} {
			ld, ldx := n+gap, n+2*gap
			c := unaligned(ewRand[T](r, (rows-1)*ld+n+gap), (n+gap)%4)
			x := unaligned(ewRand[T](r, max(1, (rows-1)*ldx+n)), gap%3)
			mk := func() [][]T { return [][]T{append([]T(nil), c...)} }
			for _, alpha := range []T{0, 0.1} {
				what := fmt.Sprintf("reluGradRows n %d rows %d ld %d ldx %d alpha %v", n, rows, ld, ldx, alpha)
				runBoth(t, what, mk, func(b [][]T) { reluGradRows(b[0], x, rows, n, ld, ldx, alpha) })
				got, want := mk()[0], mk()[0]
				withGo(func() {
					reluGradRows(got, x, rows, n, ld, ldx, alpha)
					for i := range rows {
						row := want[i*ld : i*ld+n]
						ReluGrad(row, x[i*ldx:i*ldx+n], row, alpha)
					}
				})
				checkSame(t, what+" against ReluGrad", got, want)
			}
		}
	}
}

func TestEWReluGradRows(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWReluGradRows[float32])
		t.Run("float64", testEWReluGradRows[float64])
	})
}

func TestEWBiasRows(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWBiasRows[float32])
		t.Run("float64", testEWBiasRows[float64])
	})
}

func testEWScalar[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range ewLengths {
		x := unaligned(ewRand[T](r, n), n%3)
		for op := OpAdd; op <= OpDiv; op++ {
			for _, s := range []T{2.5, -0.75, 0, T(math.Inf(1)), T(math.NaN())} {
				what := fmt.Sprintf("op %d n %d s %v", op, n, s)
				runBoth(t, "VecScalar "+what, func() [][]T { return [][]T{make([]T, n)} }, func(b [][]T) {
					VecScalar(op, b[0], x, s)
				})
				runBoth(t, "ScalarVec "+what, func() [][]T { return [][]T{make([]T, n)} }, func(b [][]T) {
					ScalarVec(op, b[0], s, x)
				})
			}
		}
	}
}

func TestEWScalar(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWScalar[float32])
		t.Run("float64", testEWScalar[float64])
	})
}

func testEWActivations[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range ewLengths {
		x, dy := unaligned(ewRand[T](r, n), n%4), unaligned(ewRand[T](r, n), (n+1)%4)
		y := make([]T, n) // outputs of sigmoid and tanh: in [-1, 1]
		for i := range y {
			y[i] = T(math.Tanh(r.NormFloat64()))
		}
		out := func() [][]T { return [][]T{make([]T, n)} }
		runBoth(t, fmt.Sprint("Relu n ", n), out, func(b [][]T) { Relu(b[0], x) })
		for _, alpha := range []T{0, 0.1} {
			runBoth(t, fmt.Sprint("ReluGrad n ", n, " alpha ", alpha), out, func(b [][]T) { ReluGrad(b[0], x, dy, alpha) })
		}
		runBoth(t, fmt.Sprint("SigmoidGrad n ", n), out, func(b [][]T) { SigmoidGrad(b[0], y, dy) })
		runBoth(t, fmt.Sprint("TanhGrad n ", n), out, func(b [][]T) { TanhGrad(b[0], y, dy) })
		if n > 0 { // in place
			runBoth(t, fmt.Sprint("Relu in place n ", n), func() [][]T { return [][]T{append([]T(nil), x...)} },
				func(b [][]T) { Relu(b[0], b[0]) })
		}
	}
}

func TestEWActivations(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWActivations[float32])
		t.Run("float64", testEWActivations[float64])
	})
}

func testEWAdam[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range ewLengths {
		w, g := ewRand[T](r, n), ewRand[T](r, n)
		m, v := make([]T, n), make([]T, n)
		for i := range m {
			m[i] = T(r.NormFloat64() * 0.1)
			v[i] = T(r.Float64() * 0.01)
		}
		mk := func() [][]T {
			return [][]T{unaligned(w, 1), unaligned(m, 2), unaligned(v, 3), append([]T(nil), g...)}
		}
		runBoth(t, fmt.Sprint("Adam n ", n), mk, func(b [][]T) {
			Adam(b[0], b[1], b[2], b[3], T(0.001*math.Sqrt(1-0.999)/(1-0.9)), T(1-0.9), T(1-0.999), T(1e-7))
		})
	}
}

func TestEWAdam(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWAdam[float32])
		t.Run("float64", testEWAdam[float64])
	})
}

func testEWColSum[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	widths := []int{}
	for w := 0; w <= 70; w++ {
		widths = append(widths, w)
	}
	widths = append(widths, 127, 128, 129, 255, 256, 1000)
	for _, w := range widths {
		for _, rows := range []int{1, 2, 7} {
			stride := w + rows%3
			x := unaligned(ewRand[T](r, max(1, (rows-1)*stride+w)), w%4)
			acc0 := make([]float64, w)
			for i := range acc0 {
				acc0[i] = r.NormFloat64()
			}
			got, want := append([]float64(nil), acc0...), append([]float64(nil), acc0...)
			ColSum(got, x, rows, stride)
			withGo(func() { ColSum(want, x, rows, stride) })
			checkSame(t, fmt.Sprintf("ColSum w %d rows %d stride %d", w, rows, stride), got, want)
		}
	}
}

func TestEWColSum(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWColSum[float32])
		t.Run("float64", testEWColSum[float64])
	})
}

func TestEWFloat32Maps(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for _, n := range ewLengths {
			x := unaligned(ewRand[float32](r, n), n%4)
			for _, k := range []struct {
				name string
				f    func(d, x []float32)
			}{{"Exp32", Exp32}, {"Sigmoid32", Sigmoid32}, {"Tanh32", Tanh32}} {
				runBoth(t, fmt.Sprint(k.name, " n ", n), func() [][]float32 { return [][]float32{make([]float32, n)} },
					func(b [][]float32) { k.f(b[0], x) })
			}
		}
	})
}

func TestEWFloat32Reductions(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, n := range ewLengths {
			x := unaligned(ewRand[float32](r, n), n%4)
			finite := make([]float32, n)
			for i := range finite {
				finite[i] = float32(r.NormFloat64() * 10)
			}
			var gm, wm float32
			var gs, ws float64
			gm = Max32(x)
			withGo(func() { wm = Max32(x) })
			if gm != wm && !(gm != gm && wm != wm) {
				t.Fatalf("Max32 n %d = %v, Go kernel gives %v", n, gm, wm)
			}
			gs = Sum32(finite)
			withGo(func() { ws = Sum32(finite) })
			if !same(gs, ws) {
				t.Fatalf("Sum32 n %d = %v, Go kernel gives %v", n, gs, ws)
			}
			m := Max32(finite)
			for _, store := range []bool{true, false} {
				d, e := make([]float32, n), make([]float32, n)
				if !store {
					d, e = nil, nil
				}
				gs = ExpSum32(d, finite, m)
				withGo(func() { ws = ExpSum32(e, finite, m) })
				if !same(gs, ws) {
					t.Fatalf("ExpSum32 n %d store %v = %v, Go kernel gives %v", n, store, gs, ws)
				}
				checkSame(t, fmt.Sprint("ExpSum32 n ", n), d, e)
			}
		}
	})
}

// The Go kernels themselves: values pinned by hand.

func TestEWGoPinned(t *testing.T) {
	withGo(func() {
		d := make([]float32, 6)
		Rows(OpSub, d, []float32{1, 2, 3, 4, 5, 6}, []float32{1, 10, 100}, 2, 3, 3, 0)
		checkSame(t, "Rows bias", d, []float32{0, -8, -97, 3, -5, -94})
		ScalarVec(OpDiv, d[:3], 1, []float32{2, 4, -8})
		checkSame(t, "ScalarVec", d[:3], []float32{0.5, 0.25, -0.125})
		negZero := float32(math.Copysign(0, -1))
		nan := float32(math.NaN())
		Relu(d[:4], []float32{-1, negZero, nan, 2})
		checkSame(t, "Relu", d[:4], []float32{0, negZero, nan, 2})
		ReluGrad(d[:3], []float32{1, 0, -1}, []float32{5, 6, 7}, 0.5)
		checkSame(t, "ReluGrad", d[:3], []float32{5, 3, 3.5})
		SigmoidGrad(d[:1], []float32{0.25}, []float32{2})
		TanhGrad(d[1:2], []float32{0.5}, []float32{2})
		checkSame(t, "SigmoidGrad, TanhGrad", d[:2], []float32{0.375, 1.5})
		acc := []float64{1, 2}
		ColSum(acc, []float32{1, 2, 99, 3, 4}, 2, 3)
		checkSame(t, "ColSum", acc, []float64{5, 8})
		if m := Max32([]float32{nan, -3, 7, nan, 2}); m != 7 {
			t.Errorf("Max32 with NaN = %v, want 7", m)
		}
		if m := Max32([]float32{nan}); !math.IsInf(float64(m), -1) {
			t.Errorf("Max32 of NaN = %v, want -Inf", m)
		}
		w, m, v := []float32{1}, []float32{0}, []float32{0}
		Adam(w, m, v, []float32{2}, 0.5, 0.1, 0.01, 0)
		// m = 0.2, v = 0.04, w = 1 - 0.5*0.2/0.2 = 0.5
		checkSame(t, "Adam", [][]float32{w, m, v}[0], []float32{0.5})
	})
}

// ulpErr is the distance of got from exact in units of the float32 gap
// just above |exact| (for exact 0, of the smallest subnormal), as in the
// tensor package's accuracy tests.
func ulpErr(got float32, exact float64) float64 {
	a := float32(math.Abs(exact))
	ulp := float64(math.Nextafter32(a, float32(math.Inf(1))) - a)
	if a == math.MaxFloat32 {
		ulp = float64(a - math.Nextafter32(a, 0))
	}
	return math.Abs(float64(got)-exact) / ulp
}

// accuracySample returns every step-th float32 (both signs, up to +Inf).
func accuracySample(step uint32) []float32 {
	var xs []float32
	for b := uint64(0); b <= 0x7f800000; b += uint64(step) {
		v := math.Float32frombits(uint32(b))
		xs = append(xs, v, -v)
	}
	return xs
}

// ewAccuracy are the documented error bounds (in ulp) of the float32
// kernels over all finite inputs with a finite float32 result, found by an
// exhaustive check (TestEWAccuracyExhaustive).
var ewAccuracy = []struct {
	name  string
	f     func(d, x []float32)
	exact func(float64) float64
	bound float64
}{
	{"Exp32", Exp32, math.Exp, 0.90},
	{"Sigmoid32", Sigmoid32, func(x float64) float64 {
		if x >= 0 {
			return 1 / (1 + math.Exp(-x))
		}
		e := math.Exp(x)
		return e / (1 + e)
	}, 2.41},
	{"Tanh32", Tanh32, math.Tanh, 1.05},
}

// checkAccuracy runs every kernel of ewAccuracy over xs and returns the
// worst error of each.
func checkAccuracy(t *testing.T, xs []float32) []float64 {
	worst := make([]float64, len(ewAccuracy))
	got := make([]float32, len(xs))
	for k, c := range ewAccuracy {
		c.f(got, xs)
		for i, x := range xs {
			exact := c.exact(float64(x))
			g := got[i]
			switch {
			case x != x:
				if g == g {
					t.Errorf("%s(NaN) = %v", c.name, g)
				}
			case exact > math.MaxFloat32:
				if !math.IsInf(float64(g), 1) && float64(g) != math.MaxFloat32 {
					t.Errorf("%s(%v) = %v, want +Inf", c.name, x, g)
				}
			case g != g:
				t.Errorf("%s(%v) = NaN, exact %v", c.name, x, exact)
			default:
				e := ulpErr(g, exact)
				worst[k] = max(worst[k], e)
				if e > c.bound {
					t.Errorf("%s(%v) = %v, exact %v: %.3f ulp, bound %.2f", c.name, x, g, exact, e, c.bound)
				}
			}
		}
	}
	return worst
}

func TestEWAccuracy(t *testing.T) {
	xs := accuracySample(0x1001)
	xs = append(xs, 88.72283, 88.72284, -87.3365, -103.97, -103.98, 9.01, 9.1, 0.75, 0.7499999, 1e-30, -1e-30)
	test := func(t *testing.T) {
		worst := checkAccuracy(t, xs)
		for k, c := range ewAccuracy {
			t.Logf("%s: worst %.3f ulp over %d inputs", c.name, worst[k], len(xs))
		}
	}
	t.Run("go", func(t *testing.T) { withGo(func() { test(t) }) })
	forEachEWSet(t, test)
}

func TestExp32Special(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	maxExp := math.Float32frombits(0x42b17217) // 88.72283: largest x with e**x finite
	cases := []struct{ x, want float64 }{
		{0, 1}, {math.Copysign(0, -1), 1}, {1e-45, 1}, {-1e-45, 1}, {1e-40, 1},
		{inf, inf}, {-inf, 0}, {1000, inf}, {-1000, 0}, {89, inf},
		{float64(math.Nextafter32(maxExp, 100)), inf},
		{-104, 0}, {-200, 0}, {1, float64(float32(math.E))},
		{-100, float64(float32(math.Exp(-100)))}, // subnormal result
		{-87.5, float64(float32(math.Exp(-87.5)))},
	}
	test := func(t *testing.T) {
		for _, c := range cases {
			d := []float32{0}
			Exp32(d, []float32{float32(c.x)})
			if d[0] != float32(c.want) {
				t.Errorf("Exp32(%v) = %v, want %v", float32(c.x), d[0], float32(c.want))
			}
		}
		d := []float32{0, 0}
		Exp32(d, []float32{float32(nan), maxExp})
		if d[0] == d[0] {
			t.Errorf("Exp32(NaN) = %v", d[0])
		}
		if math.IsInf(float64(d[1]), 0) || d[1] < 3.4e38 {
			t.Errorf("Exp32(%v) = %v, want the finite e**x = %v", maxExp, d[1], math.Exp(float64(maxExp)))
		}
		for _, x := range []float32{1000, -1000, 1e30, -1e30, float32(inf), float32(-inf)} {
			s, th := []float32{0}, []float32{0}
			Sigmoid32(s, []float32{x})
			Tanh32(th, []float32{x})
			want := float32(1)
			if x < 0 {
				want = 0
			}
			if s[0] != want {
				t.Errorf("Sigmoid32(%v) = %v, want %v", x, s[0], want)
			}
			if th[0] != float32(math.Copysign(1, float64(x))) {
				t.Errorf("Tanh32(%v) = %v, want ±1", x, th[0])
			}
		}
		th := []float32{1}
		Tanh32(th, []float32{float32(math.Copysign(0, -1))})
		if th[0] != 0 || !math.Signbit(float64(th[0])) {
			t.Errorf("Tanh32(-0) = %v, want -0", th[0])
		}
	}
	t.Run("go", func(t *testing.T) { withGo(func() { test(t) }) })
	forEachEWSet(t, test)
}

func TestSum32Accuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	x := make([]float32, 1<<20)
	for i := range x {
		x[i] = float32(r.NormFloat64() * math.Exp(r.NormFloat64()*5))
	}
	// Reference: Neumaier-compensated float64 summation.
	var s, c float64
	for _, v := range x {
		f := float64(v)
		t := s + f
		if math.Abs(s) >= math.Abs(f) {
			c += (s - t) + f
		} else {
			c += (f - t) + s
		}
		s = t
	}
	ref := s + c
	mag := 0.0
	for _, v := range x {
		mag += math.Abs(float64(v))
	}
	for _, set := range []string{"go", ewSetName()} {
		var got float64
		func() {
			cur := ewSetName()
			useEWSet(set)
			defer useEWSet(cur)
			got = Sum32(x)
		}()
		// (n/32 + 5) roundings of at most mag each.
		if bound := float64(len(x)/32+5) * 0x1p-53 * mag; math.Abs(got-ref) > bound {
			t.Errorf("%s: Sum32 = %v, reference %v: error %g above the bound %g", set, got, ref, math.Abs(got-ref), bound)
		}
	}
}

// TestEWAccuracyExhaustive checks the bounds of ewAccuracy over every
// float32 input with the kernel set in use. It takes minutes, so it only
// runs when NEURITE_EXHAUSTIVE=1.
func TestEWAccuracyExhaustive(t *testing.T) {
	if os.Getenv("NEURITE_EXHAUSTIVE") != "1" {
		t.Skip("set NEURITE_EXHAUSTIVE=1 to check every float32 input (minutes)")
	}
	const chunk = 1 << 24
	worst := make([][]float64, 1<<32/chunk)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for c := range worst {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			xs := make([]float32, chunk)
			for i := range xs {
				xs[i] = math.Float32frombits(uint32(c*chunk + i))
			}
			worst[c] = checkAccuracy(t, xs)
		}()
	}
	wg.Wait()
	for k, c := range ewAccuracy {
		w := 0.0
		for _, ws := range worst {
			w = max(w, ws[k])
		}
		t.Logf("%s (%s): worst %.4f ulp over all float32 inputs", c.name, ewSetName(), w)
	}
}

func testEWUpdates[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range ewLengths {
		w, vel, g := ewRand[T](r, n), ewRand[T](r, n), ewRand[T](r, n)
		mk := func() [][]T { return [][]T{unaligned(w, 1), unaligned(vel, 2), append([]T(nil), g...)} }
		runBoth(t, fmt.Sprint("SGD n ", n), mk, func(b [][]T) { SGD(b[0], b[2], T(0.01)) })
		runBoth(t, fmt.Sprint("WeightDecay n ", n), mk, func(b [][]T) { WeightDecay(b[0], T(0.01), T(0.004)) })
		acc := func() [][]T { // Adagrad's accumulator and Nadam's v are not negative
			b := mk()
			for i := range b[1] {
				b[1][i] *= b[1][i]
			}
			return b
		}
		runBoth(t, fmt.Sprint("Adagrad n ", n), acc, func(b [][]T) { Adagrad(b[0], b[1], b[2], T(0.01), T(1e-7)) })
		runBoth(t, fmt.Sprint("Nadam n ", n), func() [][]T { b := acc(); return append(b, unaligned(vel, 3)) }, func(b [][]T) {
			Nadam(b[0], b[3], b[1], b[2], T(0.002), T(0.1), T(0.001), T(1e-7), T(0.95), T(0.05), T(0.003))
		})
		for _, nesterov := range []bool{false, true} {
			runBoth(t, fmt.Sprint("Momentum n ", n, " nesterov ", nesterov), mk, func(b [][]T) {
				Momentum(b[0], b[1], b[2], T(0.01), T(0.9), nesterov)
			})
		}
	}
}

func TestEWUpdates(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWUpdates[float32])
		t.Run("float64", testEWUpdates[float64])
	})
}

// TestEWUpdatesKeras pins the portable weight decay, SGD and momentum
// updates to Keras's formulas evaluated step by step in T: variable.assign(
// variable - variable * wd * lr) for the weight decay; variable.assign_add(
// -gradient * lr) for SGD; m.assign(-gradient * lr + m * momentum), then
// variable.assign_add(m) or, with Nesterov, variable.assign_add(-gradient
// * lr + m * momentum) for momentum.
func TestEWUpdatesKeras(t *testing.T) {
	w, vel, g := []float32{0.5, -1.25, 3}, []float32{0.1, -0.2, 0}, []float32{2, 0.75, -1.5}
	const lr, mu = float32(0.1), float32(0.9)
	check := func(name string, got []float32, want func(i int) float32) {
		t.Helper()
		for i := range got {
			if w := want(i); got[i] != w {
				t.Errorf("%s [%d] = %v, want %v", name, i, got[i], w)
			}
		}
	}
	withGo(func() {
		wd := slices.Clone(w)
		WeightDecay(wd, lr, 0.004)
		check("WeightDecay", wd, func(i int) float32 { return w[i] - float32(float32(w[i]*0.004)*lr) })
		ws := slices.Clone(w)
		SGD(ws, g, lr)
		check("SGD", ws, func(i int) float32 { return w[i] + float32((-g[i])*lr) })
		for _, nesterov := range []bool{false, true} {
			wm, vm := slices.Clone(w), slices.Clone(vel)
			Momentum(wm, vm, g, lr, mu, nesterov)
			m := func(i int) float32 { return float32(-g[i]*lr) + float32(vel[i]*mu) }
			check(fmt.Sprint("Momentum velocity, nesterov ", nesterov), vm, m)
			if nesterov {
				check("Nesterov", wm, func(i int) float32 { return w[i] + (float32(-g[i]*lr) + float32(m(i)*mu)) })
			} else {
				check("Momentum", wm, func(i int) float32 { return w[i] + m(i) })
			}
		}
	})
}

func testEWRMSprop[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range ewLengths {
		w, g, mom, avg := ewRand[T](r, n), ewRand[T](r, n), ewRand[T](r, n), ewRand[T](r, n)
		vel := make([]T, n)
		for i := range vel {
			vel[i] = T(r.Float64()) + 0.5 // above avg² where centered
			avg[i] /= 8
		}
		for _, centered := range []bool{false, true} {
			for _, momentum := range []bool{false, true} {
				mk := func() [][]T {
					return [][]T{unaligned(w, 1), unaligned(vel, 2), unaligned(mom, 3), unaligned(avg, 1), append([]T(nil), g...)}
				}
				runBoth(t, fmt.Sprint("RMSprop n ", n, " centered ", centered, " momentum ", momentum), mk, func(b [][]T) {
					m, a := b[2], b[3]
					if !momentum {
						m = nil
					}
					if !centered {
						a = nil
					}
					RMSprop(b[0], b[1], m, a, b[4], T(0.01), T(0.9), T(1-0.9), T(0.5), T(1e-7))
				})
			}
		}
	}
}

func TestEWRMSprop(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testEWRMSprop[float32])
		t.Run("float64", testEWRMSprop[float64])
	})
}
