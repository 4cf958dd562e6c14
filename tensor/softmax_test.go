package tensor

import (
	"math"
	"testing"
)

// redFill returns a tensor of dtype d and the given shape holding data.
func redFill(d DType, data []float64, shape ...int) *Tensor {
	x := New(d, shape...)
	for i, v := range data {
		switch r := x.Raw().(type) {
		case []float32:
			r[i] = float32(v)
		case []float64:
			r[i] = v
		}
	}
	return x
}

func TestSoftmaxValues(t *testing.T) {
	inf := math.Inf(1)
	// log(e + e² + e³) = 3.40760596444438
	lse := 3.4076059644443806
	cases := []struct {
		name       string
		data       []float64
		shape      Shape
		axis       int
		soft, logs []float64
	}{
		{"1 2 3", []float64{1, 2, 3}, Shape{3}, 0,
			[]float64{0.09003057317038046, 0.24472847105479767, 0.6652409557748219},
			[]float64{1 - lse, 2 - lse, 3 - lse}},
		{"large logits", []float64{1000, 0}, Shape{2}, -1,
			[]float64{1, 0}, []float64{0, -1000}},
		{"very negative", []float64{-1000, -1000}, Shape{2}, 0,
			[]float64{0.5, 0.5}, []float64{-math.Ln2, -math.Ln2}},
		{"rows", []float64{1, 2, 3, 1000, 0, 1000}, Shape{2, 3}, 1,
			[]float64{0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 0.5, 0, 0.5},
			[]float64{1 - lse, 2 - lse, 3 - lse, -math.Ln2, -1000 - math.Ln2, -math.Ln2}},
		{"columns", []float64{1, 1000, 2, 0, 3, 1000}, Shape{3, 2}, 0,
			[]float64{0.09003057317038046, 0.5, 0.24472847105479767, 0, 0.6652409557748219, 0.5},
			[]float64{1 - lse, -math.Ln2, 2 - lse, -1000 - math.Ln2, 3 - lse, -math.Ln2}},
		{"columns of a middle axis", []float64{0, 0, 0, 0, 0, 0, 0, 0}, Shape{2, 2, 2}, 1,
			[]float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
			[]float64{-math.Ln2, -math.Ln2, -math.Ln2, -math.Ln2, -math.Ln2, -math.Ln2, -math.Ln2, -math.Ln2}},
		{"nan", []float64{1, math.NaN()}, Shape{2}, 0,
			[]float64{math.NaN(), math.NaN()}, []float64{math.NaN(), math.NaN()}},
		{"-inf logit", []float64{-inf, 0}, Shape{2}, 0,
			[]float64{0, 1}, []float64{-inf, 0}},
		// log(e + e²) = 2.3132616875182228
		{"nan in a column", []float64{1, math.NaN(), 2, 0}, Shape{2, 2}, 0,
			[]float64{0.2689414213699951, math.NaN(), 0.7310585786300049, math.NaN()},
			[]float64{1 - 2.3132616875182228, math.NaN(), 2 - 2.3132616875182228, math.NaN()}},
		{"-inf in a column", []float64{-inf, 0, 0, 0}, Shape{2, 2}, 0,
			[]float64{0, 0.5, 1, 0.5}, []float64{-inf, -math.Ln2, 0, -math.Ln2}},
	}
	for _, c := range cases {
		for _, d := range []DType{Float32, Float64} {
			x := redFill(d, c.data, c.shape...)
			name := c.name + " " + d.String()
			redCheck(t, name+" softmax", Softmax(x, c.axis), d, c.shape, c.soft)
			redCheck(t, name+" log-softmax", LogSoftmax(x, c.axis), d, c.shape, c.logs)
			dst := New(d, c.shape...)
			SoftmaxInto(dst, x, c.axis)
			redCheck(t, name+" SoftmaxInto", dst, d, c.shape, c.soft)
			LogSoftmaxInto(dst, x, c.axis)
			redCheck(t, name+" LogSoftmaxInto", dst, d, c.shape, c.logs)
			// In place.
			y := x.Clone()
			SoftmaxInto(y, y, c.axis)
			redCheck(t, name+" SoftmaxInto in place", y, d, c.shape, c.soft)
			y = x.Clone()
			LogSoftmaxInto(y, y, c.axis)
			redCheck(t, name+" LogSoftmaxInto in place", y, d, c.shape, c.logs)
		}
	}
}

// Random logits with a wide range: along every axis the softmax is finite,
// sums to 1 and matches exp(log-softmax).
func TestSoftmaxProperties(t *testing.T) {
	rng := newRedRand()
	for _, shape := range []Shape{{17, 33}, {3, 5, 6}, {200, 300}, {300, 2, 150}} {
		for _, d := range []DType{Float32, Float64} {
			x := redRandom(rng, d, shape...)
			for i, v := range x.Values() {
				if i%7 == 0 { // some large logits
					x.Set(v*80, redUnravel(shape, i)...)
				}
			}
			for axis := range shape {
				s, ls := Softmax(x, axis), LogSoftmax(x, axis)
				sv, lv := s.Values(), ls.Values()
				sums := Sum(s, []int{axis}, false).Values()
				for i, v := range sums {
					if math.Abs(v-1) > 1e-5 {
						t.Fatalf("%v %v axis %d: softmax sums to %v at %d", d, shape, axis, v, i)
					}
				}
				for i := range sv {
					if math.IsNaN(sv[i]) || math.IsInf(lv[i], 0) || math.IsNaN(lv[i]) {
						t.Fatalf("%v %v axis %d: non-finite softmax %v / log-softmax %v", d, shape, axis, sv[i], lv[i])
					}
					if sv[i] > 1e-30 && !redClose(math.Log(sv[i]), lv[i], 1e3*redTol(d)) {
						t.Fatalf("%v %v axis %d: log(softmax) %v != log-softmax %v", d, shape, axis, math.Log(sv[i]), lv[i])
					}
					if !redClose(math.Exp(lv[i]), sv[i], 10*redTol(d)) {
						t.Fatalf("%v %v axis %d: exp(log-softmax) %v != softmax %v", d, shape, axis, math.Exp(lv[i]), sv[i])
					}
				}
			}
		}
	}
}

// redUnravel converts a flat row-major index into a multi-index.
func redUnravel(shape Shape, i int) []int {
	idx := make([]int, len(shape))
	for a := len(shape) - 1; a >= 0; a-- {
		idx[a] = i % shape[a]
		i /= shape[a]
	}
	return idx
}

func TestSoftmaxErrors(t *testing.T) {
	x := New(Float32, 2, 3)
	redWantErr(t, "int", func() { Softmax(New(Int64, 2, 3), 0) }, "tensor.Softmax:", "int64", "(2, 3)")
	redWantErr(t, "axis", func() { LogSoftmax(x, 2) }, "tensor.LogSoftmax:", "axis 2", "(2, 3)")
	redWantErr(t, "into axis", func() { SoftmaxInto(New(Float32, 2, 3), x, -3) }, "tensor.SoftmaxInto:", "axis -3", "(2, 3)")
	redWantErr(t, "into shape", func() { SoftmaxInto(New(Float32, 3, 2), x, 0) }, "tensor.SoftmaxInto:", "(3, 2)", "(2, 3)")
	redWantErr(t, "into dtype", func() { LogSoftmaxInto(New(Float64, 2, 3), x, 0) }, "tensor.LogSoftmaxInto:", "float32", "(2, 3)")
	if got := Softmax(New(Float64, 0, 4), 1); !got.Shape().Equal(Shape{0, 4}) {
		t.Errorf("softmax of an empty tensor has shape %v", got.Shape())
	}
}
