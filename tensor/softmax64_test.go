package tensor

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
)

// softmaxRef64 is the float64 (log-)softmax along axis with the math
// package and a compensated sum, slice by slice: the reference of the
// vector kernels.
func softmaxRef64(x []float64, shape Shape, axis int, log bool) []float64 {
	outer, r, inner := shape[:axis].Size(), shape[axis], shape[axis+1:].Size()
	y := make([]float64, len(x))
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			at := func(k int) int { return (o*r+k)*inner + j }
			m := math.Inf(-1)
			for k := 0; k < r; k++ {
				m = math.Max(m, x[at(k)])
			}
			s, c := 0.0, 0.0 // Neumaier-compensated sum
			for k := 0; k < r; k++ {
				e := math.Exp(x[at(k)] - m)
				t := s + e
				if math.Abs(s) >= e {
					c += (s - t) + e
				} else {
					c += (e - t) + s
				}
				s = t
			}
			s += c
			for k := 0; k < r; k++ {
				if log {
					y[at(k)] = (x[at(k)] - m) - math.Log(s)
				} else {
					y[at(k)] = math.Exp(x[at(k)]-m) / s
				}
			}
		}
	}
	return y
}

// withOneWorker runs f with the worker pool one wide (see
// TestSumSameAtAnyWidth).
func withOneWorker(f func()) {
	prev := runtime.GOMAXPROCS(1)
	for range 2048 {
		parallel.Workers()
	}
	defer func() {
		runtime.GOMAXPROCS(prev)
		for range 2048 {
			parallel.Workers()
		}
	}()
	f()
}

// TestSoftmaxFloat64Kernels checks the vectorised float64 (log-)softmax
// along every axis against the math package, in place against out of
// place bit for bit, and with one worker against many bit for bit; the
// shapes take the row path (rows shorter and longer than the kernels'
// chunks), the column path and their parallel splits.
func TestSoftmaxFloat64Kernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, shape := range []Shape{{1}, {3, 7}, {128, 10}, {2, 1000}, {64, 40, 30}, {5, 3, 17}, {40, 1030}} {
		vals := make([]float64, shape.Size())
		for i := range vals {
			vals[i] = rng.NormFloat64() * 8
		}
		x := FromSlice(vals, shape...)
		for axis := range shape {
			for _, log := range []bool{false, true} {
				f, name := Softmax, "Softmax"
				into := SoftmaxInto
				if log {
					f, name, into = LogSoftmax, "LogSoftmax", LogSoftmaxInto
				}
				got := f(x, axis).Float64s()
				ref := softmaxRef64(vals, shape, axis, log)
				for i := range ref {
					// About 18 ulp: the exponentials (2 ulp each from
					// math.Exp), the pairwise sum and the quotient.
					tol := 4e-15 * math.Abs(ref[i])
					if log {
						tol = 4e-15 * max(1, math.Abs(ref[i]))
					}
					if math.Abs(got[i]-ref[i]) > tol {
						t.Fatalf("%s %v axis %d: element %d = %v, reference %v", name, shape, axis, i, got[i], ref[i])
					}
				}
				y := x.Clone()
				into(y, y, axis)
				var one []float64
				withOneWorker(func() { one = f(x, axis).Float64s() })
				for i, v := range y.Float64s() {
					if math.Float64bits(v) != math.Float64bits(got[i]) {
						t.Fatalf("%s %v axis %d: in place element %d = %v, not %v", name, shape, axis, i, v, got[i])
					}
					if math.Float64bits(one[i]) != math.Float64bits(got[i]) {
						t.Fatalf("%s %v axis %d: one worker gives %v at %d, many %v", name, shape, axis, one[i], i, got[i])
					}
				}
			}
		}
	}
}

// TestSoftmaxFloat64Special pins the float64 kernels' handling of
// infinities and NaN along both paths: -Inf logits get probability 0 (log
// -Inf); a NaN, +Inf or all -Inf slice is NaN.
func TestSoftmaxFloat64Special(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		in, soft, logs []float64
	}{
		{[]float64{0, -inf, 0}, []float64{0.5, 0, 0.5}, []float64{-math.Ln2, -inf, -math.Ln2}},
		{[]float64{1000, 0, -inf}, []float64{1, 0, 0}, []float64{0, -1000, -inf}},
		{[]float64{1, nan, 2}, []float64{nan, nan, nan}, []float64{nan, nan, nan}},
		{[]float64{1, inf, 2}, []float64{nan, nan, nan}, []float64{nan, nan, nan}},
		{[]float64{-inf, -inf, -inf}, []float64{nan, nan, nan}, []float64{nan, nan, nan}},
	} {
		for _, axis := range []int{0, 1} {
			shape := Shape{1, 3}
			if axis == 0 {
				shape = Shape{3, 1}
			}
			x := FromSlice(c.in, shape...)
			for _, k := range []struct {
				f    func(*Tensor, int) *Tensor
				want []float64
			}{{Softmax, c.soft}, {LogSoftmax, c.logs}} {
				got := k.f(x, axis).Float64s()
				for i, w := range k.want {
					if !(got[i] == w || w != w && got[i] != got[i]) {
						t.Errorf("softmax of %v along axis %d: %v, want %v", c.in, axis, got, k.want)
						break
					}
				}
			}
		}
	}
}
