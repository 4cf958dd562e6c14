package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed batch normalization in training mode (batch statistics,
// biased variance) and in inference mode (given statistics).
func TestBatchNormKnownValues(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 10, 2, 20, 3, 30, 4, 40}, 4, 2)
	gamma, beta := tensor.FromSlice([]float64{1, 2}), tensor.FromSlice([]float64{0, 1})
	for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
		tol := 1e-12
		if dt == tensor.Float32 {
			tol = 1e-5
		}
		g := New()
		xp := g.Placeholder("x", dt, Unknown, 2)
		y, mean, variance := BatchNormTraining(xp, g.Const(tensor.Cast(gamma, dt)), g.Const(tensor.Cast(beta, dt)), 0)
		inf := BatchNorm(xp, g.Const(tensor.Cast(tensor.FromSlice([]float64{1, 10}), dt)), g.Const(tensor.Cast(tensor.FromSlice([]float64{4, 100}), dt)),
			g.Const(tensor.Cast(tensor.FromSlice([]float64{1, 1}), dt)), g.Const(tensor.Cast(tensor.FromSlice([]float64{0, 0.5}), dt)), 0)
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		out, err := NewSession(g).Run(Feeds{xp: tensor.Cast(x, dt)}, y, mean, variance, inf)
		if err != nil {
			t.Fatal(err)
		}
		// (x - mean)/sqrt(1.25) per column: ±0.5/1.118…, ±1.5/1.118….
		a, b := 0.5/math.Sqrt(1.25), 1.5/math.Sqrt(1.25)
		expectValues(t, "y", out[0], []int{4, 2}, []float64{-b, 1 - 2*b, -a, 1 - 2*a, a, 1 + 2*a, b, 1 + 2*b}, tol)
		expectValues(t, "mean", out[1], []int{2}, []float64{2.5, 25}, tol)
		expectValues(t, "variance", out[2], []int{2}, []float64{1.25, 125}, tol*100)
		expectValues(t, "inference", out[3], []int{4, 2}, []float64{0, 0.5, 0.5, 1.5, 1, 2.5, 1.5, 3.5}, tol)
	}
}

func TestGradCheckBatchNorm(t *testing.T) {
	shape := []int{3, 5, 3, 4}
	x := randInput(700, -1, 1, shape...)
	stats := func(seed uint64, lo, hi float64) *tensor.Tensor { return randInput(seed, lo, hi, 4) }
	t.Run("inference", func(t *testing.T) {
		bn := func(xs ...*Node) *Node { return BatchNorm(xs[0], xs[1], xs[2], xs[3], xs[4], 1e-3) }
		checkGradientsFed(t, bn, x, stats(701, -1, 1), stats(702, 0.5, 1.5), stats(703, -2, 2), stats(704, -1, 1))
	})
	t.Run("training", func(t *testing.T) {
		bn := func(xs ...*Node) *Node { y, _, _ := BatchNormTraining(xs[0], xs[1], xs[2], 1e-3); return y }
		checkGradientsFed(t, bn, x, stats(705, -2, 2), stats(706, -1, 1))
	})
	t.Run("training statistics", func(t *testing.T) {
		// The moving-statistics path: a loss on the batch variance and mean.
		bn := func(xs ...*Node) *Node {
			_, m, v := BatchNormTraining(xs[0], xs[1], xs[2], 1e-3)
			return Add(Mul(xs[0], m), Square(v))
		}
		checkGradientsFed(t, bn, randInput(707, -1, 1, 5, 3), randInput(708, -2, 2, 3), randInput(709, -1, 1, 3))
	})
	t.Run("second order", func(t *testing.T) {
		bn := func(xs ...*Node) *Node {
			y, _, _ := BatchNormTraining(xs[0], xs[1], xs[2], 1e-3)
			return Square(y)
		}
		checkGradients(t, secondOrder(bn), randInput(710, -1, 1, 5, 2, 3), randInput(711, -2, 2, 3), randInput(712, -1, 1, 3))
	})
}

func TestBatchNormErrors(t *testing.T) {
	g := New()
	c := g.Placeholder("c", tensor.Float32, 3)
	BatchNorm(g.Placeholder("x", tensor.Float32, 2, 4), c, c, c, c, 1e-3)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "BatchNorm") || !strings.Contains(err.Error(), "mean") {
		t.Errorf("mismatched channels: error %v", err)
	}
	g = New()
	c = g.Placeholder("c", tensor.Float32, 3)
	BatchNorm(g.Placeholder("x", tensor.Float32, 2, 3), c, c, c, c, -1)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "epsilon") {
		t.Errorf("negative epsilon: error %v", err)
	}
}
