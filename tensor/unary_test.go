package tensor

import (
	"math"
	"testing"
)

func TestUnaryPinned(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		f      func(*Tensor) *Tensor
		into   func(dst, t *Tensor)
		in     []float64
		want   []float64
		dtypes []DType
	}{
		{"Neg", Neg, NegInto, []float64{1, -2, 0, 7, -9}, []float64{-1, 2, 0, -7, 9}, ewAllDTypes},
		{"Abs", Abs, AbsInto, []float64{1, -2, 0}, []float64{1, 2, 0}, ewAllDTypes},
		{"Abs special", Abs, AbsInto, []float64{-inf, nan}, []float64{inf, nan}, ewFloatDTypes},
		{"Square", Square, SquareInto, []float64{3, -4, 0, 2, -5}, []float64{9, 16, 0, 4, 25}, ewAllDTypes},
		{"Sign", Sign, SignInto, []float64{3, -4, 0}, []float64{1, -1, 0}, ewAllDTypes},
		{"Sign special", Sign, SignInto, []float64{nan, -inf, inf, math.Copysign(0, -1), 1e-30},
			[]float64{nan, -1, 1, 0, 1}, ewFloatDTypes},
		{"Relu", Relu, ReluInto, []float64{3, -4, 0, -1, 6}, []float64{3, 0, 0, 0, 6}, ewAllDTypes},
		{"Relu special", Relu, ReluInto, []float64{nan, -inf, inf}, []float64{nan, 0, inf}, ewFloatDTypes},
		{"Exp", Exp, ExpInto, []float64{0, 1, -1, 2.5}, []float64{1, math.E, 0.36787944117144233, 12.182493960703473}, ewFloatDTypes},
		{"Exp extremes", Exp, ExpInto, []float64{1000, -1000, inf, -inf, nan}, []float64{inf, 0, inf, 0, nan}, ewFloatDTypes},
		{"Log", Log, LogInto, []float64{1, math.E, 10, 0.5}, []float64{0, 1, 2.302585092994046, -0.6931471805599453}, ewFloatDTypes},
		{"Log extremes", Log, LogInto, []float64{0, -1, inf, nan, -inf}, []float64{-inf, nan, inf, nan, nan}, ewFloatDTypes},
		{"Sqrt", Sqrt, SqrtInto, []float64{4, 2, 0.25, 0}, []float64{2, math.Sqrt2, 0.5, 0}, ewFloatDTypes},
		{"Sqrt extremes", Sqrt, SqrtInto, []float64{-1, inf, nan, -inf}, []float64{nan, inf, nan, nan}, ewFloatDTypes},
		{"Tanh", Tanh, TanhInto, []float64{0, 1, -0.5}, []float64{0, 0.7615941559557649, -0.46211715726000974}, ewFloatDTypes},
		{"Tanh extremes", Tanh, TanhInto, []float64{1000, -1000, 20, inf, -inf, nan}, []float64{1, -1, 1, 1, -1, nan}, ewFloatDTypes},
		{"Sigmoid", Sigmoid, SigmoidInto, []float64{0, 1, -1, 4},
			[]float64{0.5, 0.7310585786300049, 0.2689414213699951, 0.9820137900379085}, ewFloatDTypes},
		{"Sigmoid extremes", Sigmoid, SigmoidInto, []float64{1000, -1000, inf, -inf, nan, 40},
			[]float64{1, 0, 1, 0, nan, 1}, ewFloatDTypes},
		{"Sigmoid tail", Sigmoid, SigmoidInto, []float64{-50, -20},
			[]float64{1.9287498479639178e-22, 2.0611536181902037e-09}, ewFloatDTypes},
	}
	for _, c := range cases {
		for _, dt := range c.dtypes {
			tol := 0.0
			if dt == Float32 {
				tol = 1e-7
			} else if dt == Float64 {
				tol = 1e-15
			}
			shape := Shape{len(c.in)}
			x := ewT(dt, shape, c.in...)
			ewCheck(t, c.name+" "+dt.String(), c.f(x), dt, shape, c.want, tol)
			dst := New(dt, shape...)
			c.into(dst, x)
			ewCheck(t, c.name+"Into "+dt.String(), dst, dt, shape, c.want, tol)
			c.into(x, x) // in place
			ewCheck(t, c.name+"Into in place "+dt.String(), x, dt, shape, c.want, tol)
		}
	}
}

func TestUnaryKeepsShapeAndSignOfZero(t *testing.T) {
	for _, dt := range ewFloatDTypes {
		x := ewT(dt, Shape{2, 1, 2}, math.Copysign(0, -1), -3, 4, 0)
		if got := Abs(x); math.Signbit(got.At(0, 0, 0)) || !got.Shape().Equal(Shape{2, 1, 2}) {
			t.Errorf("Abs(-0) %v = %v %v, want +0 and shape (2, 1, 2)", dt, got.At(0, 0, 0), got.Shape())
		}
		if got := Neg(x); math.Signbit(got.At(0, 0, 0)) {
			t.Errorf("Neg(-0) %v = %v, want +0", dt, got.At(0, 0, 0))
		}
	}
	if got := Abs(ewT(Int64, Shape{1}, math.MinInt64)).Int64s()[0]; got != math.MinInt64 {
		t.Errorf("Abs(MinInt64) = %d, want MinInt64 (wraps like numpy)", got)
	}
	if got := Relu(New(Float32, 0, 3)); !got.Shape().Equal(Shape{0, 3}) {
		t.Errorf("Relu of empty tensor has shape %v", got.Shape())
	}
}

func TestUnaryLargeInPlace(t *testing.T) {
	const n = 100003 // parallel path
	for _, dt := range ewFloatDTypes {
		x := ewT(dt, Shape{n}, ewSeq(n, -40)...)
		want := make([]float64, n)
		for i, v := range x.Values() {
			want[i] = 1 / (1 + math.Exp(-v))
		}
		SigmoidInto(x, x)
		tol := 1e-15
		if dt == Float32 {
			tol = 1e-7
		}
		ewCheck(t, "SigmoidInto large in place "+dt.String(), x, dt, Shape{n}, want, tol)
	}
	x := ewT(Int64, Shape{n}, ewSeq(n, -40)...)
	want := x.Values()
	for i, v := range want {
		want[i] = math.Max(v, 0)
	}
	ReluInto(x, x)
	ewCheck(t, "ReluInto large in place int64", x, Int64, Shape{n}, want, 0)
}

func TestClip(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, dt := range ewAllDTypes {
		x := ewT(dt, Shape{2, 3}, -5, -1, 0, 1, 2, 9)
		ewCheck(t, "Clip "+dt.String(), Clip(x, -1, 2), dt, Shape{2, 3}, []float64{-1, -1, 0, 1, 2, 2}, 0)
		ewCheck(t, "Clip lo>hi "+dt.String(), Clip(x, 3, 1), dt, Shape{2, 3}, []float64{1, 1, 1, 1, 1, 1}, 0)
		ewCheck(t, "Clip infinite "+dt.String(), Clip(x, -inf, 1), dt, Shape{2, 3}, []float64{-5, -1, 0, 1, 1, 1}, 0)
		ClipInto(x, x, 0, inf)
		ewCheck(t, "ClipInto in place "+dt.String(), x, dt, Shape{2, 3}, []float64{0, 0, 0, 1, 2, 9}, 0)
	}
	ewCheck(t, "Clip int64 fractional bounds", Clip(ewT(Int64, Shape{4}, 0, 1, 2, 3), 0.5, 2.5), Int64, Shape{4},
		[]float64{1, 1, 2, 2}, 0)
	for _, dt := range ewFloatDTypes {
		ewCheck(t, "Clip NaN element "+dt.String(), Clip(ewT(dt, Shape{2}, nan, 5), 0, 1), dt, Shape{2}, []float64{nan, 1}, 0)
		ewCheck(t, "Clip NaN bound "+dt.String(), Clip(ewT(dt, Shape{2}, 0.5, 5), nan, 1), dt, Shape{2}, []float64{nan, nan}, 0)
		ewCheck(t, "Clip fractional "+dt.String(), Clip(ewT(dt, Shape{3}, 0.25, 0.5, 0.75), 0.375, 0.625), dt, Shape{3},
			[]float64{0.375, 0.5, 0.625}, 0)
	}
	const n = 100003 // parallel path
	in := ewSeq(n, -40)
	want := make([]float64, n)
	for i, v := range in {
		want[i] = math.Min(math.Max(v, -10), 10)
	}
	ewCheck(t, "Clip large", Clip(ewT(Float32, Shape{n}, in...), -10, 10), Float32, Shape{n}, want, 0)
	ewWantErr(t, "Clip int64 NaN bound", func() { Clip(New(Int64, 2), nan, 1) }, "Clip", "NaN", "(2,)")
	ewWantErr(t, "ClipInto dst", func() { ClipInto(New(Float32, 3), New(Float32, 2), 0, 1) }, "ClipInto", "(3,)", "(2,)")
}

func TestUnaryErrors(t *testing.T) {
	i := New(Int64, 2, 3)
	for name, f := range map[string]func(*Tensor) *Tensor{
		"Exp": Exp, "Log": Log, "Sqrt": Sqrt, "Tanh": Tanh, "Sigmoid": Sigmoid,
	} {
		ewWantErr(t, name+" int64", func() { f(i) }, "tensor."+name+":", "int64", "(2, 3)")
	}
	ewWantErr(t, "ExpInto int64", func() { ExpInto(New(Int64, 2, 3), i) }, "ExpInto", "int64")
	ewWantErr(t, "NegInto shape", func() { NegInto(New(Float32, 3, 2), New(Float32, 2, 3)) },
		"NegInto", "dst", "(3, 2)", "(2, 3)")
	ewWantErr(t, "ReluInto dtype", func() { ReluInto(New(Float64, 2), New(Float32, 2)) },
		"ReluInto", "float64", "float32")
	ewWantErr(t, "SigmoidInto nil", func() { SigmoidInto(nil, New(Float32, 2)) }, "SigmoidInto", "nil")
}

func TestUnaryIntoDoesNotAllocate(t *testing.T) {
	x, dst := New(Float32, 64, 64), New(Float32, 64, 64)
	for name, f := range map[string]func(){
		"Sigmoid": func() { SigmoidInto(dst, x) },
		"Relu":    func() { ReluInto(x, x) },
		"Clip":    func() { ClipInto(dst, x, -1, 1) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}

// TestFloat32KernelsUlpBounds sweeps float32 inputs across the range and
// checks the float32 Exp, Sigmoid and Tanh kernels against the float64
// math package. They are the vectorised float32 kernels of
// internal/kernels (Exp32, Sigmoid32, Tanh32), whose exhaustively checked
// error bounds over all float32 inputs are 0.90, 2.41 and 1.05 ulp: Exp and
// Tanh stay within one ulp (the bound when they were computed in float64),
// while Sigmoid's e/(1+e) can double the error of e when the quotient drops
// to a lower binade, so its tolerance is 2.41 ulp.
func TestFloat32KernelsUlpBounds(t *testing.T) {
	var xs []float32
	for b := uint32(0); b < 0x7f800000; b += 0x1003 { // every 4099th positive float32
		v := math.Float32frombits(b)
		if v > 120 {
			break
		}
		xs = append(xs, v, -v)
	}
	xs = append(xs, 88.72, 88.7228, -103.9, -87.3, 0.17328, 0.17329, 9.01, 1e-30, -1e-30)
	in := FromSlice(xs)
	kernels := []struct {
		name  string
		f     func(*Tensor) *Tensor
		exact func(float64) float64
		bound float64 // in ulp
	}{
		{"Exp", Exp, math.Exp, 1},
		{"Sigmoid", Sigmoid, sigmoidRef, 2.41},
		{"Tanh", Tanh, math.Tanh, 1.05},
	}
	for _, k := range kernels {
		got := k.f(in).Float32s()
		worst := 0.0
		for i, x := range xs {
			exact := k.exact(float64(x))
			g := got[i]
			if math.IsInf(exact, 0) || exact > math.MaxFloat32 {
				if !math.IsInf(float64(g), 1) && g != math.MaxFloat32 {
					t.Errorf("%s(%v) = %v, want +Inf", k.name, x, g)
				}
				continue
			}
			a := float32(math.Abs(exact))
			ulp := float64(math.Nextafter32(a, float32(math.Inf(1))) - a)
			if e := math.Abs(float64(g)-exact) / ulp; e > worst {
				worst = e
			}
			if math.Abs(float64(g)-exact) > k.bound*ulp {
				t.Errorf("%s(%v) = %v, exact %v: more than %v ulp off", k.name, x, g, exact, k.bound)
				break
			}
		}
		t.Logf("%s float32: worst error %.3f ulp over %d inputs", k.name, worst, len(xs))
	}
}

// sigmoidRef is the logistic function in float64 with the math package,
// evaluated so that Exp only ever sees a non-positive argument.
func sigmoidRef(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x) // also NaN for NaN
	return e / (1 + e)
}
