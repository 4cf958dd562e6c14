package tensor

import (
	"errors"
	"math"
	"strings"
	"testing"
)

var ewAllDTypes = []DType{Float32, Float64, Int64}
var ewFloatDTypes = []DType{Float32, Float64}

// ewT builds a tensor of the given dtype and shape from float64 values.
func ewT(dtype DType, shape Shape, vals ...float64) *Tensor {
	t := New(dtype, shape...)
	if len(vals) != t.Size() {
		panic("ewT: wrong number of values")
	}
	switch d := t.data.(type) {
	case []float32:
		for i, v := range vals {
			d[i] = float32(v)
		}
	case []float64:
		copy(d, vals)
	case []int64:
		for i, v := range vals {
			d[i] = int64(v)
		}
	}
	return t
}

// ewSame reports whether got and want agree: NaN matches NaN, infinities
// and signs must match, other values within a relative tolerance tol.
func ewSame(got, want, tol float64) bool {
	switch {
	case math.IsNaN(want):
		return math.IsNaN(got)
	case math.IsInf(want, 0) || tol == 0:
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// ewCheck fails unless got has the dtype, shape and values given.
func ewCheck(t *testing.T, what string, got *Tensor, dtype DType, shape Shape, want []float64, tol float64) {
	t.Helper()
	if got.DType() != dtype || !got.Shape().Equal(shape) {
		t.Errorf("%s: got %v %v, want %v %v", what, got.DType(), got.Shape(), dtype, shape)
		return
	}
	for i, g := range got.Values() {
		if !ewSame(g, want[i], tol) {
			t.Errorf("%s: element %d = %v, want %v (all: %v)", what, i, g, want[i], got.Values())
			return
		}
	}
}

// ewErr runs f and returns the *Error it panics with, or nil.
func ewErr(f func()) (te *Error) {
	err := func() (err error) {
		defer Catch(&err)
		f()
		return nil
	}()
	errors.As(err, &te)
	return te
}

// ewWantErr fails unless f panics with an *Error whose message contains
// every one of parts.
func ewWantErr(t *testing.T, what string, f func(), parts ...string) {
	t.Helper()
	te := ewErr(f)
	if te == nil {
		t.Errorf("%s: no *Error", what)
		return
	}
	for _, p := range parts {
		if !strings.Contains(te.Error(), p) {
			t.Errorf("%s: message %q lacks %q", what, te.Error(), p)
		}
	}
}

type ewBinCase struct {
	name     string
	f        func(a, b *Tensor) *Tensor
	into     func(dst, a, b *Tensor)
	aShape   Shape
	a        []float64
	bShape   Shape
	b        []float64
	outShape Shape
	want     []float64
	dtypes   []DType
}

func TestBinaryPinned(t *testing.T) {
	nan := math.NaN()
	cases := []ewBinCase{
		{"Add same", Add, AddInto, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}, Shape{2, 3}, []float64{10, 20, 30, 40, 50, 60},
			Shape{2, 3}, []float64{11, 22, 33, 44, 55, 66}, ewAllDTypes},
		{"Add bias row", Add, AddInto, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}, Shape{3}, []float64{10, 20, 30},
			Shape{2, 3}, []float64{11, 22, 33, 14, 25, 36}, ewAllDTypes},
		{"Add bias (1,D)", Add, AddInto, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}, Shape{1, 3}, []float64{10, 20, 30},
			Shape{2, 3}, []float64{11, 22, 33, 14, 25, 36}, ewAllDTypes},
		{"Add column", Add, AddInto, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}, Shape{2, 1}, []float64{100, 200},
			Shape{2, 3}, []float64{101, 102, 103, 204, 205, 206}, ewAllDTypes},
		{"Add rank-extending (3,)+(2,3)", Add, AddInto, Shape{3}, []float64{1, 2, 3}, Shape{2, 3}, []float64{10, 20, 30, 40, 50, 60},
			Shape{2, 3}, []float64{11, 22, 33, 41, 52, 63}, ewAllDTypes},
		{"Add (2,1,4)+(3,1)", Add, AddInto, Shape{2, 1, 4}, []float64{0, 1, 2, 3, 4, 5, 6, 7}, Shape{3, 1}, []float64{0, 10, 20},
			Shape{2, 3, 4}, []float64{0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 4, 5, 6, 7, 14, 15, 16, 17, 24, 25, 26, 27}, ewAllDTypes},
		{"Add outer (2,1)+(1,3)", Add, AddInto, Shape{2, 1}, []float64{1, 2}, Shape{1, 3}, []float64{10, 20, 30},
			Shape{2, 3}, []float64{11, 21, 31, 12, 22, 32}, ewAllDTypes},
		{"Add scalar+matrix", Add, AddInto, Shape{}, []float64{5}, Shape{2, 2}, []float64{1, 2, 3, 4},
			Shape{2, 2}, []float64{6, 7, 8, 9}, ewAllDTypes},
		{"Add scalars", Add, AddInto, Shape{}, []float64{5}, Shape{1, 1}, []float64{2},
			Shape{1, 1}, []float64{7}, ewAllDTypes},
		{"Add zero-size", Add, AddInto, Shape{0, 3}, nil, Shape{3}, []float64{1, 2, 3},
			Shape{0, 3}, nil, ewAllDTypes},
		{"Add zero-size bcast", Add, AddInto, Shape{2, 0}, nil, Shape{2, 1}, []float64{1, 2},
			Shape{2, 0}, nil, ewAllDTypes},
		{"Sub", Sub, SubInto, Shape{2, 2}, []float64{5, 6, 7, 8}, Shape{2}, []float64{1, 10},
			Shape{2, 2}, []float64{4, -4, 6, -2}, ewAllDTypes},
		{"Sub scalar left", Sub, SubInto, Shape{}, []float64{1}, Shape{3}, []float64{1, 2, 3},
			Shape{3}, []float64{0, -1, -2}, ewAllDTypes},
		{"Mul", Mul, MulInto, Shape{2, 2}, []float64{1, 2, 3, 4}, Shape{2, 1}, []float64{-1, 3},
			Shape{2, 2}, []float64{-1, -2, 9, 12}, ewAllDTypes},
		{"Div float", Div, DivInto, Shape{5}, []float64{-7, 7, 1, -1, 0}, Shape{5}, []float64{2, 2, 0, 0, 0},
			Shape{5}, []float64{-3.5, 3.5, math.Inf(1), math.Inf(-1), nan}, ewFloatDTypes},
		{"Div int truncates", Div, DivInto, Shape{4}, []float64{-7, 7, 7, -7}, Shape{4}, []float64{2, 2, -2, -2},
			Shape{4}, []float64{-3, 3, -3, 3}, []DType{Int64}},
		{"Div scalar", Div, DivInto, Shape{3}, []float64{2, 4, 8}, Shape{}, []float64{2},
			Shape{3}, []float64{1, 2, 4}, ewAllDTypes},
		{"Div scalar left", Div, DivInto, Shape{}, []float64{8}, Shape{3}, []float64{2, 4, 8},
			Shape{3}, []float64{4, 2, 1}, ewAllDTypes},
		{"Pow", Pow, PowInto, Shape{5}, []float64{2, 3, -2, 0, 5}, Shape{5}, []float64{3, 2, 3, 0, 1},
			Shape{5}, []float64{8, 9, -8, 1, 5}, ewAllDTypes},
		{"Pow scalar exponent 2", Pow, PowInto, Shape{3}, []float64{-3, 0.5, 4}, Shape{}, []float64{2},
			Shape{3}, []float64{9, 0.25, 16}, ewFloatDTypes},
		{"Pow scalar exponent", Pow, PowInto, Shape{3}, []float64{4, 9, -1}, Shape{}, []float64{0.5},
			Shape{3}, []float64{2, 3, nan}, ewFloatDTypes},
		{"Pow scalar base", Pow, PowInto, Shape{}, []float64{2}, Shape{4}, []float64{0, 1, 10, -1},
			Shape{4}, []float64{1, 2, 1024, 0.5}, ewFloatDTypes},
		{"Pow int scalars", Pow, PowInto, Shape{}, []float64{3}, Shape{4}, []float64{0, 1, 4, 5},
			Shape{4}, []float64{1, 3, 81, 243}, []DType{Int64}},
		{"Pow int vector^scalar", Pow, PowInto, Shape{3}, []float64{-2, 7, 10}, Shape{}, []float64{3},
			Shape{3}, []float64{-8, 343, 1000}, []DType{Int64}},
		{"Pow int wraps", Pow, PowInto, Shape{2}, []float64{2, -2}, Shape{2}, []float64{63, 63},
			Shape{2}, []float64{math.MinInt64, math.MinInt64}, []DType{Int64}},
		{"Maximum", Maximum, MaximumInto, Shape{2, 2}, []float64{1, 5, -3, 4}, Shape{2}, []float64{2, 2},
			Shape{2, 2}, []float64{2, 5, 2, 4}, ewAllDTypes},
		{"Minimum", Minimum, MinimumInto, Shape{2, 2}, []float64{1, 5, -3, 4}, Shape{2}, []float64{2, 2},
			Shape{2, 2}, []float64{1, 2, -3, 2}, ewAllDTypes},
		{"Maximum NaN", Maximum, MaximumInto, Shape{3}, []float64{nan, 1, nan}, Shape{3}, []float64{1, nan, nan},
			Shape{3}, []float64{nan, nan, nan}, ewFloatDTypes},
		{"Minimum NaN", Minimum, MinimumInto, Shape{3}, []float64{nan, 1, nan}, Shape{3}, []float64{1, nan, nan},
			Shape{3}, []float64{nan, nan, nan}, ewFloatDTypes},
		{"Maximum NaN scalar", Maximum, MaximumInto, Shape{2}, []float64{nan, 3}, Shape{}, []float64{0},
			Shape{2}, []float64{nan, 3}, ewFloatDTypes},
		{"Minimum NaN scalar left", Minimum, MinimumInto, Shape{}, []float64{nan}, Shape{2}, []float64{1, 2},
			Shape{2}, []float64{nan, nan}, ewFloatDTypes},
	}
	for _, c := range cases {
		for _, dt := range c.dtypes {
			a, b := ewT(dt, c.aShape, c.a...), ewT(dt, c.bShape, c.b...)
			ewCheck(t, c.name+" "+dt.String(), c.f(a, b), dt, c.outShape, c.want, 0)
			dst := New(dt, c.outShape...)
			c.into(dst, a, b)
			ewCheck(t, c.name+" Into "+dt.String(), dst, dt, c.outShape, c.want, 0)
		}
	}
}

// ewNaive computes a binary op by walking every output index, as a
// reference for the plan machinery.
func ewNaive(a, b *Tensor, f func(x, y float64) float64) (Shape, []float64) {
	out, _ := BroadcastShapes(a.shape, b.shape)
	res := make([]float64, out.Size())
	idx := make([]int, len(out))
	av, bv := a.Values(), b.Values()
	pick := func(t *Tensor, vals []float64) float64 {
		off := 0
		for i, d := range t.shape {
			k := idx[len(out)-len(t.shape)+i]
			if d == 1 {
				k = 0
			}
			off = off*d + k
		}
		return vals[off]
	}
	for i := range res {
		r := i
		for k := len(out) - 1; k >= 0; k-- {
			idx[k] = r % out[k]
			r /= out[k]
		}
		res[i] = f(pick(a, av), pick(b, bv))
	}
	return out, res
}

func TestBinaryMatchesNaiveBroadcast(t *testing.T) {
	pairs := [][2]Shape{
		{{4, 5}, {4, 5}},
		{{4, 5}, {5}},
		{{4, 5}, {4, 1}},
		{{3, 1, 5}, {1, 4, 1}},
		{{2, 3, 4, 5}, {3, 1, 5}},
		{{1, 3, 1, 5}, {2, 1, 4, 1}},
		{{2, 1, 2, 1, 2, 1, 2, 1, 2, 1}, {1, 2, 1, 2, 1, 2, 1, 2, 1, 2}}, // coalesced rank 10 > ewMaxRank
		{{1, 1, 1}, {}},
		{{7}, {1, 1, 7}},
	}
	for _, p := range pairs {
		for _, dt := range ewAllDTypes {
			a := ewT(dt, p[0], ewSeq(p[0].Size(), 1)...)
			b := ewT(dt, p[1], ewSeq(p[1].Size(), 100)...)
			shape, want := ewNaive(a, b, func(x, y float64) float64 { return x - 2*y })
			got := Sub(a, MulScalar(b, 2))
			ewCheck(t, "Sub "+p[0].String()+" "+p[1].String()+" "+dt.String(), got, dt, shape, want, 0)
			_, want = ewNaive(b, a, func(x, y float64) float64 { return math.Max(x, y) })
			ewCheck(t, "Maximum rev "+p[0].String()+" "+p[1].String()+" "+dt.String(), Maximum(b, a), dt, shape, want, 0)
		}
	}
}

// ewSeq returns n distinct small values starting at start.
func ewSeq(n int, start float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = start + float64(i%97) - float64(i%13)*7
	}
	return v
}

func TestBinaryLargeParallelPaths(t *testing.T) {
	pairs := [][2]Shape{
		{{100003}, {100003}},    // one long row, both contiguous
		{{100003}, {}},          // one long row, scalar
		{{300, 301}, {301}},     // bias rows
		{{300, 301}, {300, 1}},  // column
		{{2, 1, 40000}, {3, 1}}, // rows longer than the grain
		{{70000, 1}, {1, 2}},    // short rows
	}
	for _, p := range pairs {
		for _, dt := range ewAllDTypes {
			a := ewT(dt, p[0], ewSeq(p[0].Size(), 1)...)
			b := ewT(dt, p[1], ewSeq(p[1].Size(), -50)...)
			shape, want := ewNaive(a, b, func(x, y float64) float64 { return x * y })
			ewCheck(t, "Mul "+p[0].String()+" "+p[1].String(), Mul(a, b), dt, shape, want, 0)
			_, want = ewNaive(b, a, func(x, y float64) float64 { return x + y })
			ewCheck(t, "Add rev "+p[0].String()+" "+p[1].String(), Add(b, a), dt, shape, want, 0)
		}
	}
}

func TestBinaryIntoAliasing(t *testing.T) {
	for _, dt := range ewAllDTypes {
		a := ewT(dt, Shape{2, 3}, 1, 2, 3, 4, 5, 6)
		AddInto(a, a, ewT(dt, Shape{3}, 10, 20, 30))
		ewCheck(t, "AddInto(a, a, row)", a, dt, Shape{2, 3}, []float64{11, 22, 33, 14, 25, 36}, 0)
		b := ewT(dt, Shape{2, 3}, 1, 2, 3, 4, 5, 6)
		SubInto(b, ewT(dt, Shape{}, 1), b)
		ewCheck(t, "SubInto(b, 1, b)", b, dt, Shape{2, 3}, []float64{0, -1, -2, -3, -4, -5}, 0)
		c := ewT(dt, Shape{3}, 1, 2, 3)
		MulInto(c, c, c)
		ewCheck(t, "MulInto(c, c, c)", c, dt, Shape{3}, []float64{1, 4, 9}, 0)
	}
}

func TestBinaryErrors(t *testing.T) {
	f32 := func(s ...int) *Tensor { return New(Float32, s...) }
	ewWantErr(t, "Add shapes", func() { Add(f32(2, 3), f32(4)) }, "tensor.Add:", "broadcast", "(2, 3)", "(4,)")
	ewWantErr(t, "Mul shapes", func() { Mul(f32(2, 1), f32(8, 4, 3)) }, "Mul", "(2, 1)", "(8, 4, 3)")
	ewWantErr(t, "AddInto shapes", func() { AddInto(f32(2, 3), f32(2, 3), f32(4)) }, "AddInto", "(2, 3)", "(4,)")
	ewWantErr(t, "Sub dtypes", func() { Sub(f32(2), New(Int64, 2)) }, "Sub", "dtype", "float32", "int64")
	ewWantErr(t, "MaximumInto dtypes", func() { MaximumInto(f32(2), f32(2), New(Float64, 2)) },
		"MaximumInto", "float32", "float64")
	ewWantErr(t, "AddInto dst shape", func() { AddInto(f32(3, 2), f32(2, 3), f32(3)) },
		"AddInto", "dst", "(3, 2)", "(2, 3)")
	ewWantErr(t, "AddInto dst rank", func() { AddInto(f32(1, 2, 3), f32(2, 3), f32(3)) },
		"AddInto", "(1, 2, 3)", "(2, 3)")
	ewWantErr(t, "DivInto dst dtype", func() { DivInto(New(Float64, 2), f32(2), f32(2)) },
		"DivInto", "float64", "float32")
	ewWantErr(t, "AddInto nil dst", func() { AddInto(nil, f32(2), f32(2)) }, "AddInto", "nil")
	ewWantErr(t, "Div int by zero", func() { Div(ewT(Int64, Shape{2}, 1, 2), ewT(Int64, Shape{2}, 1, 0)) },
		"Div", "division by zero")
	ewWantErr(t, "Div int by scalar zero", func() { Div(ewT(Int64, Shape{2}, 1, 2), New(Int64)) },
		"Div", "division by zero")
	ewWantErr(t, "Pow int negative", func() { Pow(ewT(Int64, Shape{2}, 1, 2), ewT(Int64, Shape{}, -1)) },
		"Pow", "negative")
	// A zero divisor is fine when the output is empty.
	if te := ewErr(func() { Div(New(Int64, 0, 2), New(Int64, 2)) }); te != nil {
		t.Errorf("Div of an empty int64 tensor: %v", te)
	}
}

func TestBinaryIntoDoesNotAllocate(t *testing.T) {
	a, row, col := New(Float32, 64, 32), New(Float32, 32), New(Float32, 64, 1)
	dst := New(Float32, 64, 32)
	odd := New(Float32, 3, 1, 4, 1, 2)
	oddB := New(Float32, 5, 1, 3, 1)
	oddDst := New(Float32, 3, 5, 4, 3, 2)
	zero := Scalar[float32](0)
	for name, f := range map[string]func(){
		"same":   func() { AddInto(dst, a, a) },
		"row":    func() { AddInto(dst, a, row) },
		"column": func() { MulInto(dst, col, a) },
		"scalar": func() { MaximumInto(dst, a, zero) },
		"rank 5": func() { SubInto(oddDst, odd, oddB) },
		"cmp":    func() { LessInto(dst, a, row) },
		"where":  func() { WhereInto(dst, col, a, row) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}

// TestBinaryKernelsAllLayouts runs every binary op over vector-vector,
// vector-scalar and scalar-vector layouts with lengths that exercise the
// unrolled loops and their tails, against a per-element reference.
func TestBinaryKernelsAllLayouts(t *testing.T) {
	b2f := func(c bool) float64 {
		if c {
			return 1
		}
		return 0
	}
	ops := []struct {
		name string
		f    func(a, b *Tensor) *Tensor
		ref  func(x, y float64, dt DType) float64
	}{
		{"Add", Add, func(x, y float64, _ DType) float64 { return x + y }},
		{"Sub", Sub, func(x, y float64, _ DType) float64 { return x - y }},
		{"Mul", Mul, func(x, y float64, _ DType) float64 { return x * y }},
		{"Div", Div, func(x, y float64, dt DType) float64 {
			if dt == Int64 {
				return math.Trunc(x / y)
			}
			return x / y
		}},
		{"Pow", Pow, func(x, y float64, _ DType) float64 { return math.Pow(x, y) }},
		{"Maximum", Maximum, func(x, y float64, _ DType) float64 { return math.Max(x, y) }},
		{"Minimum", Minimum, func(x, y float64, _ DType) float64 { return math.Min(x, y) }},
		{"Equal", Equal, func(x, y float64, _ DType) float64 { return b2f(x == y) }},
		{"NotEqual", NotEqual, func(x, y float64, _ DType) float64 { return b2f(x != y) }},
		{"Less", Less, func(x, y float64, _ DType) float64 { return b2f(x < y) }},
		{"LessEqual", LessEqual, func(x, y float64, _ DType) float64 { return b2f(x <= y) }},
		{"Greater", Greater, func(x, y float64, _ DType) float64 { return b2f(x > y) }},
		{"GreaterEqual", GreaterEqual, func(x, y float64, _ DType) float64 { return b2f(x >= y) }},
	}
	xs := []float64{3, -2, 5, 1, 4, -3, 2, 1, 0, 6, -1}
	ys := []float64{2, 2, -1, 1, 3, 2, 5, 4, 1, 2, 3}
	for _, n := range []int{1, 4, 7, 11} {
		for _, op := range ops {
			for _, dt := range ewAllDTypes {
				x, y := xs[:n], ys[:n]
				if op.name == "Pow" {
					y = make([]float64, n)
					for i := range y {
						y[i] = float64(i % 4)
					}
				}
				s := 2.0
				layouts := []struct {
					name string
					a, b *Tensor
					ref  func(i int) float64
				}{
					{"vv", ewT(dt, Shape{n}, x...), ewT(dt, Shape{n}, y...), func(i int) float64 { return op.ref(x[i], y[i], dt) }},
					{"vs", ewT(dt, Shape{n}, x...), ewT(dt, Shape{}, s), func(i int) float64 { return op.ref(x[i], s, dt) }},
					{"sv", ewT(dt, Shape{}, s), ewT(dt, Shape{n}, y...), func(i int) float64 { return op.ref(s, y[i], dt) }},
				}
				for _, l := range layouts {
					want := make([]float64, n)
					for i := range want {
						want[i] = l.ref(i)
						if dt == Float32 {
							want[i] = float64(float32(want[i]))
						}
					}
					ewCheck(t, op.name+" "+l.name+" "+dt.String(), op.f(l.a, l.b), dt, Shape{n}, want, 0)
				}
			}
		}
	}
	// Pow with a scalar exponent of 1 copies; 0 gives ones (even for 0**0).
	ewCheck(t, "Pow x**1", Pow(ewT(Float32, Shape{3}, -1.5, 0, 7), Scalar[float32](1)), Float32, Shape{3}, []float64{-1.5, 0, 7}, 0)
	ewCheck(t, "Pow x**0", Pow(ewT(Float64, Shape{3}, -1.5, 0, math.NaN()), Scalar(0.0)), Float64, Shape{3}, []float64{1, 1, 1}, 0)
}
