package tensor

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// mmFrom builds a tensor of dtype d with the given values and shape.
func mmFrom(d DType, vals []float64, shape ...int) *Tensor {
	t := New(d, shape...)
	for i, v := range vals {
		switch x := t.data.(type) {
		case []float32:
			x[i] = float32(v)
		case []float64:
			x[i] = v
		}
	}
	return t
}

// mmRandom returns a tensor of dtype d and the given shape with values in [-1, 1).
func mmRandom(d DType, rng *rand.Rand, shape ...int) *Tensor {
	vals := make([]float64, Shape(shape).Size())
	for i := range vals {
		vals[i] = rng.Float64()*2 - 1
	}
	return mmFrom(d, vals, shape...)
}

// mmClose reports whether got matches want within tol (absolute).
func mmClose(got *Tensor, want []float64, tol float64) bool {
	g := got.Values()
	if len(g) != len(want) {
		return false
	}
	for i := range g {
		if math.IsNaN(g[i]) || math.Abs(g[i]-want[i]) > tol {
			return false
		}
	}
	return true
}

var mmDTypes = []DType{Float32, Float64}

func TestMatMulKnownValues(t *testing.T) {
	a := []float64{1, 2, 3, 4}
	b := []float64{5, 6, 7, 8}
	cases := []struct {
		transA, transB bool
		want           []float64
	}{
		{false, false, []float64{19, 22, 43, 50}},
		{true, false, []float64{26, 30, 38, 44}},
		{false, true, []float64{17, 23, 39, 53}},
		{true, true, []float64{23, 31, 34, 46}},
	}
	for _, d := range mmDTypes {
		for _, c := range cases {
			got := MatMulT(mmFrom(d, a, 2, 2), mmFrom(d, b, 2, 2), c.transA, c.transB)
			if got.DType() != d || !got.Shape().Equal(Shape{2, 2}) || !mmClose(got, c.want, 0) {
				t.Errorf("%v MatMulT(a, b, %v, %v) = %v %v %v, want %v", d, c.transA, c.transB,
					got.DType(), got.Shape(), got.Values(), c.want)
			}
		}
		// A non-square product: (2, 3) @ (3, 1).
		got := MatMul(mmFrom(d, []float64{1, 2, 3, 4, 5, 6}, 2, 3), mmFrom(d, []float64{1, 0, -1}, 3, 1))
		if !got.Shape().Equal(Shape{2, 1}) || !mmClose(got, []float64{-2, -2}, 0) {
			t.Errorf("%v (2,3)@(3,1) = %v %v", d, got.Shape(), got.Values())
		}
	}
}

// mmNaive computes op(A)·op(B) by hand for the m×k and k×n matrices that
// start at aOff in a and bOff in b (stored k×m or n×k when transposed).
func mmNaive(a, b []float64, aOff, bOff, m, n, k int, transA, transB bool) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				av := a[aOff+i*k+p]
				if transA {
					av = a[aOff+p*m+i]
				}
				bv := b[bOff+p*n+j]
				if transB {
					bv = b[bOff+j*k+p]
				}
				s += av * bv
			}
			out[i*n+j] = s
		}
	}
	return out
}

func TestMatMulBatchedBroadcast(t *testing.T) {
	cases := []struct {
		a, b, out      Shape
		transA, transB bool
		// aIdx and bIdx map an output batch index (i0, i1) to the operand's matrix number.
		aIdx, bIdx func(i0, i1 int) int
	}{
		{Shape{2, 1, 3, 4}, Shape{5, 4, 2}, Shape{2, 5, 3, 2}, false, false,
			func(i0, i1 int) int { return i0 }, func(i0, i1 int) int { return i1 }},
		{Shape{2, 1, 4, 3}, Shape{5, 2, 4}, Shape{2, 5, 3, 2}, true, true,
			func(i0, i1 int) int { return i0 }, func(i0, i1 int) int { return i1 }},
		{Shape{1, 5, 30, 70}, Shape{2, 1, 90, 70}, Shape{2, 5, 30, 90}, false, true,
			func(i0, i1 int) int { return i1 }, func(i0, i1 int) int { return i0 }},
		{Shape{1, 3, 80, 40}, Shape{80, 50}, Shape{1, 3, 40, 50}, true, false,
			func(i0, i1 int) int { return i1 }, func(i0, i1 int) int { return 0 }},
		{Shape{3, 1, 80, 40}, Shape{4, 80, 50}, Shape{3, 4, 40, 50}, true, false,
			func(i0, i1 int) int { return i0 }, func(i0, i1 int) int { return i1 }},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range mmDTypes {
		tol := 1e-12
		if d == Float32 {
			tol = 1e-4
		}
		for _, c := range cases {
			a, b := mmRandom(d, rng, c.a...), mmRandom(d, rng, c.b...)
			got := MatMulT(a, b, c.transA, c.transB)
			if !got.Shape().Equal(c.out) {
				t.Fatalf("%v %v @ %v: shape %v, want %v", d, c.a, c.b, got.Shape(), c.out)
			}
			m, n := c.out[len(c.out)-2], c.out[len(c.out)-1]
			k := c.a[len(c.a)-1]
			if c.transA {
				k = c.a[len(c.a)-2]
			}
			av, bv, gv := a.Values(), b.Values(), got.Values()
			for i0 := 0; i0 < c.out[0]; i0++ {
				for i1 := 0; i1 < c.out[1]; i1++ {
					want := mmNaive(av, bv, c.aIdx(i0, i1)*m*k, c.bIdx(i0, i1)*k*n, m, n, k, c.transA, c.transB)
					off := (i0*c.out[1] + i1) * m * n
					for e, w := range want {
						if math.Abs(gv[off+e]-w) > tol {
							t.Fatalf("%v %v @ %v batch (%d,%d) elem %d: got %v, want %v", d, c.a, c.b, i0, i1, e, gv[off+e], w)
						}
					}
				}
			}
		}
	}
}

func TestMatMulVectorPromotion(t *testing.T) {
	v3 := []float64{1, 2, 3}
	m32 := []float64{1, 2, 3, 4, 5, 6}                    // (3, 2) or (2, 3)
	b432 := []float64{1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2} // (2, 3, 2) for batched cases
	cases := []struct {
		name           string
		a, b           []float64
		as, bs         Shape
		transA, transB bool
		out            Shape
		want           []float64
	}{
		{"dot", v3, v3, Shape{3}, Shape{3}, false, false, Shape{}, []float64{14}},
		{"vec@mat", v3, m32, Shape{3}, Shape{3, 2}, false, false, Shape{2}, []float64{22, 28}},
		{"mat@vec", m32, v3, Shape{2, 3}, Shape{3}, false, false, Shape{2}, []float64{14, 32}},
		{"vec@matT", v3, m32, Shape{3}, Shape{2, 3}, false, true, Shape{2}, []float64{14, 32}},
		{"vec@batch", v3, b432, Shape{3}, Shape{2, 3, 2}, false, false, Shape{2, 2}, []float64{4, 5, 8, 10}},
		{"batch@vec", b432, []float64{1, 2}, Shape{2, 3, 2}, Shape{2}, false, false, Shape{2, 3}, []float64{1, 2, 3, 2, 4, 6}},
		{"flags ignored on vectors", v3, v3, Shape{3}, Shape{3}, true, true, Shape{}, []float64{14}},
	}
	for _, d := range mmDTypes {
		for _, c := range cases {
			got := MatMulT(mmFrom(d, c.a, c.as...), mmFrom(d, c.b, c.bs...), c.transA, c.transB)
			if !got.Shape().Equal(c.out) || !mmClose(got, c.want, 1e-6) {
				t.Errorf("%v %s: got %v %v, want %v %v", d, c.name, got.Shape(), got.Values(), c.out, c.want)
			}
		}
	}
}

func TestMatMulZeroSize(t *testing.T) {
	cases := []struct{ a, b, out Shape }{
		{Shape{2, 0}, Shape{0, 3}, Shape{2, 3}},
		{Shape{0, 3}, Shape{3, 4}, Shape{0, 4}},
		{Shape{0, 2, 3}, Shape{3, 4}, Shape{0, 2, 4}},
		{Shape{0}, Shape{0}, Shape{}},
		{Shape{3, 2, 0}, Shape{1, 0, 5}, Shape{3, 2, 5}},
	}
	for _, d := range mmDTypes {
		for _, c := range cases {
			got := MatMul(New(d, c.a...), New(d, c.b...))
			if !got.Shape().Equal(c.out) || !mmClose(got, make([]float64, c.out.Size()), 0) {
				t.Errorf("%v %v @ %v = %v %v, want zeros of %v", d, c.a, c.b, got.Shape(), got.Values(), c.out)
			}
			dst := New(d, c.out...)
			dst.Fill(math.NaN())
			MatMulInto(dst, New(d, c.a...), New(d, c.b...))
			if !mmClose(dst, make([]float64, c.out.Size()), 0) {
				t.Errorf("%v MatMulInto %v @ %v left %v", d, c.a, c.b, dst.Values())
			}
		}
	}
}

func TestMatMulIntoOverwrites(t *testing.T) {
	for _, d := range mmDTypes {
		dst := New(d, 2, 2)
		dst.Fill(math.NaN())
		MatMulTInto(dst, mmFrom(d, []float64{1, 2, 3, 4}, 2, 2), mmFrom(d, []float64{5, 6, 7, 8}, 2, 2), false, true)
		if !mmClose(dst, []float64{17, 23, 39, 53}, 0) {
			t.Errorf("%v MatMulTInto = %v", d, dst.Values())
		}
		dst = New(d, 2, 2)
		dst.Fill(math.NaN())
		MatMulInto(dst, mmFrom(d, []float64{1, 2, 3, 4}, 2, 2), mmFrom(d, []float64{5, 6, 7, 8}, 2, 2))
		if !mmClose(dst, []float64{19, 22, 43, 50}, 0) {
			t.Errorf("%v MatMulInto = %v", d, dst.Values())
		}
	}
}

func TestMatMulErrors(t *testing.T) {
	f := func(shape ...int) *Tensor { return New(Float32, shape...) }
	cases := []struct {
		name  string
		call  func()
		op    string
		parts []string
	}{
		{"inner mismatch", func() { MatMul(f(2, 3), f(4, 5)) }, "MatMul", []string{"(2, 3)", "(4, 5)", "inner"}},
		{"inner mismatch T", func() { MatMulT(f(2, 3), f(2, 5), false, true) }, "MatMulT", []string{"(2, 3)", "(2, 5)"}},
		{"vector mismatch", func() { MatMul(f(3), f(4)) }, "MatMul", []string{"(3,)", "(4,)"}},
		{"scalar", func() { MatMul(Scalar[float32](2), f(2, 2)) }, "MatMul", []string{"()", "(2, 2)"}},
		{"batch", func() { MatMul(f(2, 3, 4), f(5, 4, 2)) }, "MatMul", []string{"(2, 3, 4)", "(5, 4, 2)", "batch"}},
		{"dtype mismatch", func() { MatMul(f(2, 2), New(Float64, 2, 2)) }, "MatMul", []string{"float32", "float64"}},
		{"int64", func() { MatMul(New(Int64, 2, 2), New(Int64, 2, 2)) }, "MatMul", []string{"int64", "(2, 2)"}},
		{"dst shape", func() { MatMulInto(f(2, 3), f(2, 2), f(2, 2)) }, "MatMulInto", []string{"(2, 3)", "(2, 2)"}},
		{"dst dtype", func() { MatMulInto(New(Float64, 2, 2), f(2, 2), f(2, 2)) }, "MatMulInto", []string{"float64", "float32"}},
		{"dst shape T", func() { MatMulTInto(f(3, 3), f(3, 2), f(3, 2), true, false) }, "MatMulTInto", []string{"(3, 3)", "(2, 2)"}},
	}
	for _, c := range cases {
		err := func() (err error) {
			defer Catch(&err)
			c.call()
			return nil
		}()
		var te *Error
		if !errors.As(err, &te) || te.Op != c.op {
			t.Errorf("%s: want a %s *Error, got %v", c.name, c.op, err)
			continue
		}
		for _, p := range c.parts {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("%s: message %q lacks %q", c.name, err, p)
			}
		}
	}
}

func BenchmarkMatMulFloat32(b *testing.B) {
	for _, n := range []int{128, 512, 1024} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 8))
			x, y, dst := mmRandom(Float32, rng, n, n), mmRandom(Float32, rng, n, n), New(Float32, n, n)
			b.ReportAllocs()
			for b.Loop() {
				MatMulInto(dst, x, y)
			}
			b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
