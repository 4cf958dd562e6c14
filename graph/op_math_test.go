package graph

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Tests of the elementwise math family: Sub, Div, Pow, Maximum, Minimum,
// the unary ops, the comparisons, Where and Cast.

// mathRun runs fetches in a new session of g and fails the test on error.
func mathRun(t *testing.T, g *Graph, fetches ...*Node) []*tensor.Tensor {
	t.Helper()
	if err := g.Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	out, err := NewSession(g).Run(nil, fetches...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out
}

// mathExpect fails unless got has the given dtype and shape and its values
// are within tol of want (NaN matches NaN).
func mathExpect(t *testing.T, what string, got *tensor.Tensor, dtype tensor.DType, shape []int, want []float64, tol float64) {
	t.Helper()
	if got.DType() != dtype || !got.Shape().Equal(shape) {
		t.Errorf("%s: got %v %v, want %v %v", what, got.DType(), got.Shape(), dtype, tensor.Shape(shape))
		return
	}
	for i, v := range got.Values() {
		w := want[i]
		if math.IsNaN(w) && math.IsNaN(v) || v == w || math.Abs(v-w) <= tol*math.Max(1, math.Abs(w)) {
			continue
		}
		t.Errorf("%s: element %d is %v, want %v (all %v)", what, i, v, w, got.Values())
		return
	}
}

// mathF32 is a float32 tensor with the given values and shape.
func mathF32(v []float32, shape ...int) *tensor.Tensor { return tensor.FromSlice(v, shape...) }

// mathAwayFromZero returns a float64 tensor with values of magnitude in
// [0.1, 1) and random signs, so that kinks at 0 are at least 0.1 away.
func mathAwayFromZero(seed uint64, shape ...int) *tensor.Tensor {
	t := randInput(seed, 0.1, 1, shape...)
	s := randInput(seed+1000, -1, 1, shape...).Float64s()
	for i, v := range t.Float64s() {
		if s[i] < 0 {
			t.Float64s()[i] = -v
		}
	}
	return t
}

// mathSeparated fails the test unless a and b, broadcast together, differ
// by at least 0.01 everywhere, so gradient checks of Maximum and Minimum
// stay away from ties.
func mathSeparated(t *testing.T, a, b *tensor.Tensor) {
	t.Helper()
	for _, v := range tensor.Abs(tensor.Sub(a, b)).Values() {
		if v < 0.01 {
			t.Fatalf("test inputs come within %v of a tie; pick other seeds", v)
		}
	}
}

func TestMathBinaryGradients(t *testing.T) {
	binary := []struct {
		name string
		f    func(a, b *Node) *Node
		lo   float64 // range of b: Div and Pow need b (resp. a) away from 0
	}{
		{"Sub", Sub, -1},
		{"Div", Div, 0.5},
		{"Pow", Pow, -1.5},
	}
	shapes := [][2][]int{
		{{3, 5}, {3, 5}},
		{{3, 5}, {5}},
		{{3, 1}, {1, 5}},
		{{3, 1}, {2, 3, 5}},
		{{}, {2, 3}},
	}
	for _, op := range binary {
		for k, sh := range shapes {
			a := randInput(uint64(10*k+1), -1, 1, sh[0]...)
			b := randInput(uint64(10*k+2), op.lo, 2, sh[1]...)
			if op.name == "Pow" { // positive base, so that the b-gradient exists
				a = randInput(uint64(10*k+1), 0.5, 2, sh[0]...)
				b = randInput(uint64(10*k+2), -1.5, 1.5, sh[1]...)
			}
			t.Run(op.name+formatShapes([]tensor.Shape{sh[0], sh[1]}), func(t *testing.T) {
				checkGradients(t, func(x ...*Node) *Node { return op.f(x[0], x[1]) }, a, b)
			})
			t.Run(op.name+" swapped"+formatShapes([]tensor.Shape{sh[1], sh[0]}), func(t *testing.T) {
				checkGradients(t, func(x ...*Node) *Node { return op.f(x[1], x[0]) }, b, a)
			})
		}
	}
	for _, op := range []struct {
		name string
		f    func(a, b *Node) *Node
	}{{"Maximum", Maximum}, {"Minimum", Minimum}} {
		for k, sh := range shapes {
			a := randInput(uint64(10*k+3), -1, 1, sh[0]...)
			b := randInput(uint64(10*k+4), -1, 1, sh[1]...)
			mathSeparated(t, a, b)
			t.Run(op.name+formatShapes([]tensor.Shape{sh[0], sh[1]}), func(t *testing.T) {
				checkGradients(t, func(x ...*Node) *Node { return op.f(x[0], x[1]) }, a, b)
			})
		}
	}
	t.Run("Pow negative base, constant integer exponent", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Pow(x[0], x[0].Graph().Scalar(3)) },
			randInput(60, -2, 2, 3, 5))
	})
	t.Run("Sub of a weak scalar", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Sub(x[0].Graph().Scalar(1), x[0]) },
			randInput(61, -1, 1, 3, 5))
	})
}

func TestMathBinarySecondOrder(t *testing.T) {
	a, b := randInput(70, -1, 1, 3, 5), randInput(71, 0.5, 2, 5)
	t.Run("Div wrt a", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Div(x[0], x[1]) }), a, b)
	})
	t.Run("Div wrt b", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Div(x[1], x[0]) }), b, a)
	})
	pa, pb := randInput(72, 0.5, 2, 3, 5), randInput(73, -1.5, 1.5, 5)
	t.Run("Pow wrt a", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Pow(x[0], x[1]) }), pa, pb)
	})
	t.Run("Pow wrt b", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Pow(x[1], x[0]) }), pb, pa)
	})
	t.Run("Maximum", func(t *testing.T) {
		ma, mb := randInput(74, -1, 1, 3, 5), randInput(75, -1, 1, 5)
		mathSeparated(t, ma, mb)
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Maximum(x[0], x[1])) }), ma, mb)
	})
}

func TestMathUnaryGradients(t *testing.T) {
	cases := []struct {
		name string
		f    func(x *Node) *Node
		in   *tensor.Tensor
	}{
		{"Neg", Neg, randInput(80, -1, 1, 3, 5)},
		{"Sqrt", Sqrt, randInput(81, 0.5, 2, 3, 5)},
		{"Exp", Exp, randInput(82, -1, 1, 2, 3, 5)},
		{"Log", Log, randInput(83, 0.5, 2, 2, 3, 5)},
		{"Abs", Abs, mathAwayFromZero(84, 3, 5)},
		{"Identity", Identity, randInput(85, -1, 1, 3, 5)},
		{"ZerosLike", ZerosLike, randInput(86, -1, 1, 3, 5)},
		{"Sign", Sign, mathAwayFromZero(87, 3, 5)},
		{"x*Sign(x)", func(x *Node) *Node { return Mul(x, Sign(x)) }, mathAwayFromZero(88, 3, 5)},
		{"x+ZerosLike(x)", func(x *Node) *Node { return Add(x, ZerosLike(x)) }, randInput(89, -1, 1, 3, 5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return c.f(x[0]) }, c.in)
		})
	}
	second := []struct {
		name string
		f    func(x *Node) *Node
		in   *tensor.Tensor
	}{
		{"Sqrt", Sqrt, randInput(90, 0.5, 2, 3, 5)},
		{"Exp", Exp, randInput(91, -1, 1, 3, 5)},
		{"Log", Log, randInput(92, 0.5, 2, 3, 5)},
		{"Abs", func(x *Node) *Node { return Square(Abs(x)) }, mathAwayFromZero(93, 3, 5)},
		{"Neg", func(x *Node) *Node { return Mul(Neg(x), x) }, randInput(94, -1, 1, 3, 5)},
	}
	for _, c := range second {
		t.Run("second order "+c.name, func(t *testing.T) {
			checkGradients(t, secondOrder(func(x ...*Node) *Node { return c.f(x[0]) }), c.in)
		})
	}
}

func TestMathWhereGradients(t *testing.T) {
	// cond comes from a variable through Greater; its elements stay away
	// from 0, so the numeric gradient with respect to it is zero.
	shapes := [][3][]int{
		{{3, 5}, {3, 5}, {3, 5}},
		{{3, 1}, {1, 5}, {2, 3, 5}},
		{{2, 3, 5}, {5}, {}},
		{{5}, {3, 5}, {3, 1}},
	}
	for k, sh := range shapes {
		c := mathAwayFromZero(uint64(100+k), sh[0]...)
		a := randInput(uint64(110+k), -1, 1, sh[1]...)
		b := randInput(uint64(120+k), -1, 1, sh[2]...)
		t.Run("Where"+formatShapes([]tensor.Shape{sh[0], sh[1], sh[2]}), func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node {
				return Where(Greater(x[0], x[0].Graph().Scalar(0)), x[1], x[2])
			}, c, a, b)
		})
	}
	t.Run("second order Where", func(t *testing.T) {
		c := mathAwayFromZero(130, 3, 1)
		checkGradients(t, secondOrder(func(x ...*Node) *Node {
			return Square(Where(Greater(x[1], x[1].Graph().Scalar(0)), x[0], Exp(x[0])))
		}), randInput(131, -1, 1, 3, 5), c)
	})
	t.Run("mask by comparison", func(t *testing.T) {
		a, b := randInput(132, -1, 1, 3, 5), randInput(133, -1, 1, 5)
		mathSeparated(t, a, b)
		checkGradients(t, func(x ...*Node) *Node { return Mul(x[0], Less(x[0], x[1])) }, a, b)
	})
}

func TestMathKnownValuesBinary(t *testing.T) {
	g := New()
	a := g.Const(mathF32([]float32{1, -2, 3, 4, 0.5, 9}, 2, 3))
	b := g.Const(mathF32([]float32{2, 4, -1}, 3))
	pa := g.Const(mathF32([]float32{2, 4, 9, 0}, 2, 2))
	pb := g.Const(mathF32([]float32{3, 0.5}, 2))
	out := mathRun(t, g, Sub(a, b), Div(a, b), Pow(pa, pb), Maximum(a, b), Minimum(a, b), Sub(a, g.Scalar(1)))
	sh := []int{2, 3}
	mathExpect(t, "Sub", out[0], tensor.Float32, sh, []float64{-1, -6, 4, 2, -3.5, 10}, 0)
	mathExpect(t, "Div", out[1], tensor.Float32, sh, []float64{0.5, -0.5, -3, 2, 0.125, -9}, 0)
	mathExpect(t, "Pow", out[2], tensor.Float32, []int{2, 2}, []float64{8, 2, 729, 0}, 1e-6)
	mathExpect(t, "Maximum", out[3], tensor.Float32, sh, []float64{2, 4, 3, 4, 4, 9}, 0)
	mathExpect(t, "Minimum", out[4], tensor.Float32, sh, []float64{1, -2, -1, 2, 0.5, -1}, 0)
	mathExpect(t, "Sub scalar", out[5], tensor.Float32, sh, []float64{0, -3, 2, 3, -0.5, 8}, 0)

	// Integer arithmetic keeps the dtype; integer division truncates.
	g = New()
	ia := g.Const(tensor.FromSlice([]int64{7, -7, 9}))
	ib := g.Const(tensor.FromSlice([]int64{2, 2, 3}))
	out = mathRun(t, g, Div(ia, ib), Pow(ia, ib), Sub(ia, ib))
	mathExpect(t, "int Div", out[0], tensor.Int64, []int{3}, []float64{3, -3, 3}, 0)
	mathExpect(t, "int Pow", out[1], tensor.Int64, []int{3}, []float64{49, 49, 729}, 0)
	mathExpect(t, "int Sub", out[2], tensor.Int64, []int{3}, []float64{5, -9, 6}, 0)
}

func TestMathKnownGradients(t *testing.T) {
	g := New()
	a := g.Variable("a", mathF32([]float32{1, 2, 3, 4}, 2, 2))
	b := g.Variable("b", mathF32([]float32{3, 0}, 2))
	lo := g.Variable("lo", mathF32([]float32{2.5}, 1))
	// d/da Maximum(a, b): a wins where a >= b: [1>=3 no, 2>=0 yes; 3>=3 tie→a, 4>=0 yes].
	mx := Gradients(Maximum(a, b), a, b)
	// d/da Minimum(a, lo) = [a <= 2.5]; d/dlo = count of a > 2.5.
	mn := Gradients(Minimum(a, lo), a, lo)
	// d/da (a / b') with b' = [2, 4]: 1/b'; d/db' = -sum_rows a/b'² = -[(1+3)/4, (2+4)/16].
	b2 := g.Const(mathF32([]float32{2, 4}, 2))
	dv := Gradients(Div(a, b2), a)
	// Pow(0, b) at a = 0: the b-gradient is 0, not NaN.
	zero := g.Variable("zero", mathF32([]float32{0, 0}, 2))
	pe := g.Variable("pe", mathF32([]float32{2, 0.5}, 2))
	pw := Gradients(Pow(zero, pe), pe)
	out := mathRun(t, g, mx[0], mx[1], mn[0], mn[1], dv[0], pw[0])
	mathExpect(t, "dMaximum/da", out[0], tensor.Float32, []int{2, 2}, []float64{0, 1, 1, 1}, 0)
	mathExpect(t, "dMaximum/db", out[1], tensor.Float32, []int{2}, []float64{1, 0}, 0)
	mathExpect(t, "dMinimum/da", out[2], tensor.Float32, []int{2, 2}, []float64{1, 1, 0, 0}, 0)
	mathExpect(t, "dMinimum/dlo", out[3], tensor.Float32, []int{1}, []float64{2}, 0)
	mathExpect(t, "dDiv/da", out[4], tensor.Float32, []int{2, 2}, []float64{0.5, 0.25, 0.5, 0.25}, 0)
	mathExpect(t, "dPow/db at a=0", out[5], tensor.Float32, []int{2}, []float64{0, 0}, 0)
}

func TestMathKnownValuesUnary(t *testing.T) {
	g := New()
	x := g.Const(mathF32([]float32{4, -0.5, 0, 1, 9, -3}, 2, 3))
	pos := g.Const(mathF32([]float32{1, 4, 0.25}, 3))
	e := float64(float32(math.E))
	out := mathRun(t, g, Neg(x), Abs(x), Sign(x), Identity(x), StopGradient(x), ZerosLike(x),
		Sqrt(pos), Exp(g.Const(mathF32([]float32{0, 1, -1}, 3))), Log(pos))
	sh := []int{2, 3}
	mathExpect(t, "Neg", out[0], tensor.Float32, sh, []float64{-4, 0.5, 0, -1, -9, 3}, 0)
	mathExpect(t, "Abs", out[1], tensor.Float32, sh, []float64{4, 0.5, 0, 1, 9, 3}, 0)
	mathExpect(t, "Sign", out[2], tensor.Float32, sh, []float64{1, -1, 0, 1, 1, -1}, 0)
	mathExpect(t, "Identity", out[3], tensor.Float32, sh, []float64{4, -0.5, 0, 1, 9, -3}, 0)
	mathExpect(t, "StopGradient", out[4], tensor.Float32, sh, []float64{4, -0.5, 0, 1, 9, -3}, 0)
	mathExpect(t, "ZerosLike", out[5], tensor.Float32, sh, []float64{0, 0, 0, 0, 0, 0}, 0)
	mathExpect(t, "Sqrt", out[6], tensor.Float32, []int{3}, []float64{1, 2, 0.5}, 0)
	mathExpect(t, "Exp", out[7], tensor.Float32, []int{3}, []float64{1, e, 1 / e}, 1e-6)
	mathExpect(t, "Log", out[8], tensor.Float32, []int{3}, []float64{0, math.Log(4), math.Log(0.25)}, 1e-6)

	// Integer unary ops that accept every dtype.
	g = New()
	ix := g.Const(tensor.FromSlice([]int64{-3, 0, 5}))
	out = mathRun(t, g, Neg(ix), Abs(ix), Sign(ix), ZerosLike(ix))
	mathExpect(t, "int Neg", out[0], tensor.Int64, []int{3}, []float64{3, 0, -5}, 0)
	mathExpect(t, "int Abs", out[1], tensor.Int64, []int{3}, []float64{3, 0, 5}, 0)
	mathExpect(t, "int Sign", out[2], tensor.Int64, []int{3}, []float64{-1, 0, 1}, 0)
	mathExpect(t, "int ZerosLike", out[3], tensor.Int64, []int{3}, []float64{0, 0, 0}, 0)
}

func TestMathZerosLikeInReusedBuffer(t *testing.T) {
	// ZerosLike must clear its buffer, which may hold an earlier step's data.
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	y := Add(ZerosLike(Exp(Exp(x))), x)
	sess := NewSession(g)
	for i := 0; i < 2; i++ {
		out, err := sess.Run(Feeds{x: mathF32([]float32{1, 2, 3}, 3)}, y)
		if err != nil {
			t.Fatal(err)
		}
		mathExpect(t, "ZerosLike+x", out[0], tensor.Float32, []int{3}, []float64{1, 2, 3}, 0)
	}
}

func TestMathKnownValuesCompare(t *testing.T) {
	g := New()
	a := g.Const(mathF32([]float32{1, 2, 3, 2, 2, 2}, 2, 3))
	b := g.Const(mathF32([]float32{2, 2, 2}, 3))
	out := mathRun(t, g, Equal(a, b), NotEqual(a, b), Less(a, b), LessEqual(a, b), Greater(a, b), GreaterEqual(a, b),
		Less(a, g.Scalar(2)))
	sh := []int{2, 3}
	mathExpect(t, "Equal", out[0], tensor.Float32, sh, []float64{0, 1, 0, 1, 1, 1}, 0)
	mathExpect(t, "NotEqual", out[1], tensor.Float32, sh, []float64{1, 0, 1, 0, 0, 0}, 0)
	mathExpect(t, "Less", out[2], tensor.Float32, sh, []float64{1, 0, 0, 0, 0, 0}, 0)
	mathExpect(t, "LessEqual", out[3], tensor.Float32, sh, []float64{1, 1, 0, 1, 1, 1}, 0)
	mathExpect(t, "Greater", out[4], tensor.Float32, sh, []float64{0, 0, 1, 0, 0, 0}, 0)
	mathExpect(t, "GreaterEqual", out[5], tensor.Float32, sh, []float64{0, 1, 1, 1, 1, 1}, 0)
	mathExpect(t, "Less scalar", out[6], tensor.Float32, sh, []float64{1, 0, 0, 0, 0, 0}, 0)

	g = New()
	ia := g.Const(tensor.FromSlice([]int64{1, 5}))
	out = mathRun(t, g, Greater(ia, g.Const(tensor.Scalar[int64](2))))
	mathExpect(t, "int Greater", out[0], tensor.Int64, []int{2}, []float64{0, 1}, 0)
}

func TestMathKnownValuesWhere(t *testing.T) {
	g := New()
	cond := g.Const(mathF32([]float32{1, 0, 2}, 3))
	a := g.Const(mathF32([]float32{10, 20, 30, 40, 50, 60}, 2, 3))
	b := g.Const(mathF32([]float32{-1, -2}, 2, 1))
	icond := g.Const(tensor.FromSlice([]int64{0, 1}, 2, 1))
	out := mathRun(t, g, Where(cond, a, b), Where(icond, a, g.Scalar(0)))
	mathExpect(t, "Where", out[0], tensor.Float32, []int{2, 3}, []float64{10, -1, 30, 40, -2, 60}, 0)
	mathExpect(t, "Where int cond", out[1], tensor.Float32, []int{2, 3}, []float64{0, 0, 0, 40, 50, 60}, 0)

	// Gradients: a gets dy where cond holds, b the rest, summed to b's shape.
	g = New()
	cond = g.Const(mathF32([]float32{1, 0, 2}, 3))
	av := g.Variable("a", tensor.Ones(tensor.Float32, 2, 3))
	bv := g.Variable("b", tensor.Ones(tensor.Float32, 2, 1))
	gs := Gradients(Where(cond, av, bv), cond, av, bv)
	if gs[0] != nil {
		t.Errorf("Where: cond got gradient %v, want nil", gs[0])
	}
	out = mathRun(t, g, gs[1], gs[2])
	mathExpect(t, "dWhere/da", out[0], tensor.Float32, []int{2, 3}, []float64{1, 0, 1, 1, 0, 1}, 0)
	mathExpect(t, "dWhere/db", out[1], tensor.Float32, []int{2, 1}, []float64{1, 1}, 0)
}

func TestMathCast(t *testing.T) {
	g := New()
	x := g.Variable("x", mathF32([]float32{1.5, -2.7, 3}, 3))
	x64 := Cast(x, tensor.Float64)
	xi := Cast(x, tensor.Int64)
	y := Square(x64) // dy/dx = 2x, cast back to float32
	dx := Gradients(y, x)[0]
	if Cast(x, tensor.Float32) != x {
		t.Error("Cast to x's own dtype did not return x")
	}
	out := mathRun(t, g, x64, xi, dx, Cast(xi, tensor.Float32))
	mathExpect(t, "Cast float64", out[0], tensor.Float64, []int{3}, []float64{1.5, float64(float32(-2.7)), 3}, 0)
	mathExpect(t, "Cast int64", out[1], tensor.Int64, []int{3}, []float64{1, -2, 3}, 0)
	mathExpect(t, "dCast", out[2], tensor.Float32, []int{3}, []float64{3, float64(float32(-5.4)), 6}, 1e-7)
	mathExpect(t, "Cast back", out[3], tensor.Float32, []int{3}, []float64{1, -2, 3}, 0)

	// Through an integer cast no gradient flows: x gets nil, without error.
	y2 := Mul(Cast(xi, tensor.Float32), g.Scalar(2))
	if d := Gradients(y2, x)[0]; d != nil || g.Err() != nil {
		t.Errorf("gradient through Cast to int64 = %v (err %v), want nil", d, g.Err())
	}
	// Mixed paths: only the float path contributes.
	y3 := Add(Mul(x, Cast(xi, tensor.Float32)), x)
	d3 := Gradients(y3, x)[0]
	out = mathRun(t, g, d3)
	mathExpect(t, "mixed", out[0], tensor.Float32, []int{3}, []float64{2, -1, 4}, 0)

	// An integer x gets nil.
	g = New()
	n := g.Variable("n", tensor.FromSlice([]int64{1, 2}))
	if d := Gradients(Square(Cast(n, tensor.Float64)), n)[0]; d != nil || g.Err() != nil {
		t.Errorf("gradient of an int64 input = %v (err %v), want nil", d, g.Err())
	}

	g = New()
	Cast(g.Const(mathF32([]float32{1}, 1)), tensor.DType(99))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "Cast") || !strings.Contains(err.Error(), "dtype") {
		t.Errorf("invalid dtype: got %v, want a Cast dtype error", err)
	}
}

func TestMathCastGradientCheck(t *testing.T) {
	// checkGradients works in float64, and a float32 leg would round away
	// the finite-difference step, so this check covers only the float64
	// path (Cast to x's own dtype is x); the float32 <-> float64 gradient
	// is checked by value in TestMathCast.
	checkGradients(t, func(x ...*Node) *Node {
		return Mul(Cast(Identity(x[0]), tensor.Float64), x[0])
	}, randInput(140, -1, 1, 3, 5))
}

func TestMathNoGradientThroughComparisonOrStopGradient(t *testing.T) {
	g := New()
	x := g.Variable("x", randInput(150, -1, 1, 3))
	z := g.Variable("z", randInput(151, -1, 1, 3))
	for _, c := range []struct {
		name string
		y    *Node
	}{
		{"Less", Mul(Less(x, z), z)},
		{"Equal", Equal(x, g.Scalar(0))},
		{"GreaterEqual", Square(GreaterEqual(x, z))},
		{"StopGradient", Mul(StopGradient(x), z)},
		{"Sign", Sign(x)},
		{"ZerosLike", Add(ZerosLike(x), z)},
		{"Where cond", Where(Greater(x, g.Scalar(0)), z, Neg(z))},
	} {
		d := Gradients(c.y, x)[0]
		if err := g.Err(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if d != nil {
			t.Errorf("%s: x got gradient %v, want nil", c.name, d)
		}
	}
	// y = x·StopGradient(x): dy/dx is StopGradient(x) = x, not 2x.
	y := Mul(x, StopGradient(x))
	d := Gradients(y, x)[0]
	out := mathRun(t, g, d, x)
	mathExpect(t, "d(x·sg(x))/dx", out[0], tensor.Float64, []int{3}, out[1].Float64s(), 0)
}

func TestMathErrors(t *testing.T) {
	f32 := func(g *Graph, shape ...int) *Node { return g.Const(tensor.New(tensor.Float32, shape...)) }
	f64 := func(g *Graph, shape ...int) *Node { return g.Const(tensor.New(tensor.Float64, shape...)) }
	i64 := func(g *Graph, shape ...int) *Node { return g.Const(tensor.New(tensor.Int64, shape...)) }
	binary := map[string]func(a, b *Node) *Node{
		"Sub": Sub, "Div": Div, "Pow": Pow, "Maximum": Maximum, "Minimum": Minimum,
		"Equal": Equal, "NotEqual": NotEqual, "Less": Less, "LessEqual": LessEqual,
		"Greater": Greater, "GreaterEqual": GreaterEqual,
		"Where": func(a, b *Node) *Node { return Where(a.Graph().Scalar(1), a, b) },
	}
	for name, f := range binary {
		g := New()
		f(f32(g, 2, 3), f64(g, 2, 3))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "dtype") {
			t.Errorf("%s float32 with float64: got %v, want a dtype error naming %s", name, err, name)
		}
		g = New()
		f(f32(g, 2, 3), f32(g, 4))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), name) ||
			!strings.Contains(err.Error(), "(2, 3)") || !strings.Contains(err.Error(), "(4,)") {
			t.Errorf("%s (2, 3) with (4,): got %v, want a broadcast error naming %s and the shapes", name, err, name)
		}
	}
	g := New()
	Where(f32(g, 3), f32(g, 2, 3), f32(g, 5))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "Where") || !strings.Contains(err.Error(), "(5,)") {
		t.Errorf("Where with bad b: got %v", err)
	}
	for name, f := range map[string]func(*Node) *Node{"Sqrt": Sqrt, "Exp": Exp, "Log": Log} {
		g := New()
		f(i64(g, 3))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "float") {
			t.Errorf("%s of int64: got %v, want an error naming %s that asks for floats", name, err, name)
		}
	}
	// Run-time errors: a shape mismatch only known when fed, and integer
	// division by zero, name the node.
	g = New()
	p := g.Placeholder("p", tensor.Float32, Unknown, 3)
	y := Sub(p, f32(g, 3))
	if !y.Shape().Equal(tensor.Shape{Unknown, 3}) {
		t.Errorf("Sub static shape %v, want (None, 3)", y.Shape())
	}
	q := g.Placeholder("q", tensor.Float32, Unknown)
	w := Where(q, f32(g, 2, 1), f32(g, 3))
	if !w.Shape().Equal(tensor.Shape{2, 3}) {
		t.Errorf("Where static shape %v, want (2, 3)", w.Shape())
	}
	sess := NewSession(g)
	if _, err := sess.Run(Feeds{q: tensor.New(tensor.Float32, 4)}, w); err == nil || !strings.Contains(err.Error(), "Where") {
		t.Errorf("Where fed (4,) for (None,): got %v", err)
	}
	if out, err := sess.Run(Feeds{p: tensor.New(tensor.Float32, 2, 3)}, y); err != nil || !out[0].Shape().Equal(tensor.Shape{2, 3}) {
		t.Errorf("Sub with batch 2: got %v, %v", out, err)
	}
	g = New()
	dz := Div(g.Const(tensor.FromSlice([]int64{1, 2})), g.Const(tensor.FromSlice([]int64{1, 0})))
	var te *tensor.Error
	if _, err := NewSession(g).Run(nil, dz); err == nil || !strings.Contains(err.Error(), "Div") || !errors.As(err, &te) {
		t.Errorf("integer division by zero: got %v, want a tensor error naming Div", err)
	}
}
