package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// RandomUniformLike draws in [lo, hi) in x's shape and dtype, afresh at
// every step, the same values for the same seed and step; bad bounds are
// errors.
func TestRandomUniformLike(t *testing.T) {
	draw := func(seed uint64, dt tensor.DType) [][]float64 {
		g := New()
		x := g.Placeholder("x", dt, Unknown, 3)
		step := g.Variable("step", tensor.Scalar[int64](0))
		u := RandomUniformLike(x, -2, 5, seed, step)
		next := AssignAdd(step, g.Const(tensor.Scalar[int64](1)))
		if u.Shape()[0] != Unknown || u.DType() != dt {
			t.Fatalf("static shape %v dtype %v", u.Shape(), u.DType())
		}
		s := NewSession(g)
		var runs [][]float64
		for range 2 {
			out, err := s.Run(Feeds{x: tensor.New(dt, 400, 3)}, u, next)
			if err != nil {
				t.Fatal(err)
			}
			if !out[0].Shape().Equal(tensor.Shape{400, 3}) {
				t.Fatalf("shape %v", out[0].Shape())
			}
			runs = append(runs, tensor.Cast(out[0], tensor.Float64).Float64s())
		}
		return runs
	}
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		a, b := draw(9, dt), draw(9, dt)
		mean := 0.0
		for i, v := range a[0] {
			if v < -2 || v >= 5 {
				t.Fatalf("%v: value %g outside [-2, 5)", dt, v)
			}
			if v != b[0][i] || a[1][i] != b[1][i] {
				t.Fatalf("%v: the same seed drew different values", dt)
			}
			mean += v / float64(len(a[0]))
		}
		if a[0][0] == a[1][0] && a[0][1] == a[1][1] {
			t.Errorf("%v: two runs drew the same values", dt)
		}
		if math.Abs(mean-1.5) > 0.3 {
			t.Errorf("%v: mean %g, want about 1.5", dt, mean)
		}
	}
	g := New()
	RandomUniformLike(g.Placeholder("x", tensor.Float32, 2), 1, 0, 1, g.Const(tensor.Scalar[int64](0)))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "lo <= hi") {
		t.Errorf("bad bounds: error %v", err)
	}
}
