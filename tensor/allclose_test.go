package tensor

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAllClose(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, dt := range []DType{Float32, Float64} {
		mk := func(v ...float64) *Tensor {
			x := New(dt, len(v))
			for i, f := range v {
				x.Set(f, i)
			}
			return x
		}
		cases := []struct {
			name       string
			a, b       *Tensor
			rtol, atol float64
			want       bool
		}{
			{"equal", mk(1, 2, 3), mk(1, 2, 3), 0, 0, true},
			{"within atol", mk(1, 2), mk(1.05, 2), 0, 0.1, true},
			{"outside atol", mk(1, 2), mk(1.25, 2), 0, 0.1, false},
			{"within rtol of b", mk(100), mk(110), 0.1, 0, true},      // 10 <= 0.1*110
			{"rtol scales with b", mk(110), mk(100), 0.095, 0, false}, // 10 > 0.095*100
			{"rtol and atol add", mk(10), mk(11.5), 0.1, 0.5, true},   // 1.5 <= 0.5+1.15
			{"nan never close", mk(nan), mk(nan), 1, 1, false},
			{"nan vs number", mk(1, nan), mk(1, 1), 1, 1, false},
			{"equal infinities", mk(inf, -inf), mk(inf, -inf), 0, 0, true},
			{"opposite infinities", mk(inf), mk(-inf), 1, 1, false},
			{"inf vs finite", mk(inf), mk(1e30), 1, 1, false},
			{"shape mismatch", mk(1, 2), mk(1, 2, 3), 1, 1, false},
			{"empty", mk(), mk(), 0, 0, true},
		}
		for _, c := range cases {
			if got := AllClose(c.a, c.b, c.rtol, c.atol); got != c.want {
				t.Errorf("%v %s: AllClose = %v, want %v", dt, c.name, got, c.want)
			}
		}
	}
	// Mixed dtypes compare values; the same data in another shape does not match.
	a := FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	if !AllClose(a, FromSlice([]float64{1, 2, 3, 4.00001}, 2, 2), 1e-5, 1e-8) {
		t.Error("float32 vs float64 within rtol: want close")
	}
	if !AllClose(a, FromSlice([]int64{1, 2, 3, 4}, 2, 2), 0, 0) {
		t.Error("float32 vs equal int64: want close")
	}
	if AllClose(a, FromSlice([]float32{1, 2, 3, 4}, 4), 1, 1) {
		t.Error("shapes (2, 2) and (4,): want not close")
	}
}

func TestArrayEqual(t *testing.T) {
	cases := []struct {
		name string
		a, b *Tensor
		want bool
	}{
		{"float32 equal", FromSlice([]float32{1, 2}), FromSlice([]float32{1, 2}), true},
		{"float64 differ", FromSlice([]float64{1, 2}), FromSlice([]float64{1, 2.0000001}), false},
		{"zero signs", FromSlice([]float64{0}), FromSlice([]float64{math.Copysign(0, -1)}), true},
		{"nan", FromSlice([]float64{math.NaN()}), FromSlice([]float64{math.NaN()}), false},
		{"mixed dtypes", FromSlice([]float32{1, 2}), FromSlice([]int64{1, 2}), true},
		{"int64 beyond 2^53", FromSlice([]int64{1<<53 + 1}), FromSlice([]int64{1 << 53}), false},
		{"shape", FromSlice([]int64{1, 2}, 1, 2), FromSlice([]int64{1, 2}, 2, 1), false},
		{"scalars", Scalar(2.5), Scalar(float32(2.5)), true},
	}
	for _, c := range cases {
		if got := ArrayEqual(c.a, c.b); got != c.want {
			t.Errorf("%s: ArrayEqual = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMaxAbsDiff(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		a, b *Tensor
		want float64
	}{
		{"float32", FromSlice([]float32{1, 2, 3}), FromSlice([]float32{1.5, 2, 1}), 2},
		{"float64", FromSlice([]float64{-1, 4}, 2, 1), FromSlice([]float64{1, 3.75}, 2, 1), 2},
		{"int64", FromSlice([]int64{5, -5}), FromSlice([]int64{2, 5}), 10},
		{"mixed", FromSlice([]float32{0.5}), FromSlice([]float64{0.25}), 0.25},
		{"equal infinities", FromSlice([]float64{inf, 1}), FromSlice([]float64{inf, 1.5}), 0.5},
		{"different infinities", FromSlice([]float64{inf}), FromSlice([]float64{-inf}), inf},
		{"empty", New(Float32, 0), New(Float32, 0), 0},
	}
	for _, c := range cases {
		if got := MaxAbsDiff(c.a, c.b); got != c.want {
			t.Errorf("%s: MaxAbsDiff = %v, want %v", c.name, got, c.want)
		}
	}
	if got := MaxAbsDiff(FromSlice([]float64{1, math.NaN(), 9}), FromSlice([]float64{1, 2, 3})); !math.IsNaN(got) {
		t.Errorf("MaxAbsDiff with NaN = %v, want NaN", got)
	}
	err := rngCatch(func() { MaxAbsDiff(New(Float32, 2, 3), New(Float32, 3, 2)) })
	var te *Error
	if !errors.As(err, &te) || te.Op != "MaxAbsDiff" || !strings.Contains(err.Error(), "(2, 3) and (3, 2)") {
		t.Errorf("want a MaxAbsDiff *Error naming both shapes, got %v", err)
	}
}

func TestIsClose(t *testing.T) {
	if !IsClose(1, 1.1, 0, 0.2) || IsClose(1, 1.1, 0, 0.05) || IsClose(math.NaN(), 0, 1, 1) ||
		!IsClose(math.Inf(-1), math.Inf(-1), 0, 0) || IsClose(math.Inf(1), 1, 0, math.Inf(1)) {
		t.Error("IsClose disagrees with |x-y| <= atol + rtol*|y|")
	}
}
