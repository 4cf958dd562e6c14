package tensor

import (
	"math"
	"testing"
)

func TestCastPinned(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name     string
		from, to DType
		in, want []float64
	}{
		{"f32->f64", Float32, Float64, []float64{1.5, -2, 0.1}, []float64{1.5, -2, float64(float32(0.1))}},
		{"f64->f32", Float64, Float32, []float64{1.5, -2, 0.1, 1e300}, []float64{1.5, -2, float64(float32(0.1)), inf}},
		{"f64->i64 truncates", Float64, Int64, []float64{2.7, -2.7, 0.5, -0.5, 3}, []float64{2, -2, 0, 0, 3}},
		{"f32->i64 truncates", Float32, Int64, []float64{2.75, -2.75, 1e6}, []float64{2, -2, 1e6}},
		{"f64->i64 saturates", Float64, Int64, []float64{nan, inf, -inf, 1e19, -1e19},
			[]float64{0, math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64}},
		{"i64->f32", Int64, Float32, []float64{3, -4, 16777217}, []float64{3, -4, 16777216}},
		{"i64->f64", Int64, Float64, []float64{3, -4, 16777217}, []float64{3, -4, 16777217}},
		{"f32->f32", Float32, Float32, []float64{1, nan}, []float64{1, nan}},
		{"i64->i64", Int64, Int64, []float64{1, -7}, []float64{1, -7}},
	}
	for _, c := range cases {
		x := ewT(c.from, Shape{len(c.in)}, c.in...)
		got := Cast(x, c.to)
		ewCheck(t, "Cast "+c.name, got, c.to, Shape{len(c.in)}, c.want, 0)
		dst := New(c.to, len(c.in))
		CastInto(dst, x)
		ewCheck(t, "CastInto "+c.name, dst, c.to, Shape{len(c.in)}, c.want, 0)
	}
	// Cast to the same dtype copies.
	x := ewT(Float32, Shape{2, 2}, 1, 2, 3, 4)
	y := Cast(x, Float32)
	y.Set(9, 0, 0)
	if x.At(0, 0) != 1 || !y.Shape().Equal(Shape{2, 2}) {
		t.Errorf("Cast to the same dtype shares memory or loses the shape")
	}
}

func TestCastLarge(t *testing.T) {
	const n = 100003 // parallel path
	in := ewSeq(n, -0.5)
	want := make([]float64, n)
	for i, v := range in {
		want[i] = math.Trunc(v)
	}
	ewCheck(t, "Cast large f64->i64", Cast(ewT(Float64, Shape{n}, in...), Int64), Int64, Shape{n}, want, 0)
}

func TestCastErrors(t *testing.T) {
	ewWantErr(t, "CastInto shape", func() { CastInto(New(Int64, 3), New(Float32, 2, 3)) }, "CastInto", "(3,)", "(2, 3)")
	ewWantErr(t, "Cast dtype", func() { Cast(New(Float32, 2), DType(9)) }, "Cast", "invalid dtype")
	ewWantErr(t, "CastInto nil", func() { CastInto(nil, New(Float32, 2)) }, "CastInto", "nil")
	src, dst := New(Float32, 1000), New(Int64, 1000)
	if n := testing.AllocsPerRun(10, func() { CastInto(dst, src) }); n != 0 {
		t.Errorf("CastInto allocates %v times, want 0", n)
	}
}
