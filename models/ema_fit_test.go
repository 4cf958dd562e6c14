package models

import (
	"math"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// TestFitFinalizesEMA trains Dense(1) (w = 0.5, b = 0) with SGD(0.1) and
// use_ema (momentum 0.5) for four full-batch epochs on x = [[1], [2]],
// y = [[1], [3]], and checks that Fit ends with the weights replaced by
// their moving averages (Keras's finalize_variable_values), computed here
// from the plain SGD trajectory in float64: dL/dw = Σ e·x, dL/db = Σ e
// (MSE's 2/n with n = 2), average = w after step 1, then
// 0.5·average + 0.5·w.
func TestFitFinalizesEMA(t *testing.T) {
	xs, ys := []float64{1, 2}, []float64{1, 3}
	w, b := 0.5, 0.0
	var aw, ab float64
	for step := 0; step < 4; step++ {
		var gw, gb float64
		for i := range xs {
			e := w*xs[i] + b - ys[i]
			gw += e * xs[i]
			gb += e
		}
		w, b = w-0.1*gw, b-0.1*gb
		if step == 0 {
			aw, ab = w, b
		} else {
			aw, ab = 0.5*aw+0.5*w, 0.5*ab+0.5*b
		}
	}
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.FromSlice([]float32{1, 3}, 2, 1)
	for _, c := range []struct {
		opt          optimizers.Optimizer
		wantW, wantB float64
	}{
		{&optimizers.SGD{LearningRate: 0.1, UseEMA: true, EMAMomentum: 0.5}, aw, ab},
		{&optimizers.SGD{LearningRate: 0.1}, w, b},
	} {
		m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{1}})
		if err := m.Compile(c.opt, losses.MeanSquaredError{}); err != nil {
			t.Fatal(err)
		}
		if err := m.BuildFor(1); err != nil {
			t.Fatal(err)
		}
		if err := m.SetWeights([]*tensor.Tensor{tensor.FromSlice([]float32{0.5}, 1, 1), tensor.FromSlice([]float32{0}, 1)}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Fit(x, y, FitOptions{Epochs: 4, NoShuffle: true, Verbose: Silent}); err != nil {
			t.Fatal(err)
		}
		ws := m.WeightValues()
		if gw, gb := ws[0].At(0, 0), ws[1].At(0); math.Abs(gw-c.wantW) > 1e-5 || math.Abs(gb-c.wantB) > 1e-5 {
			t.Errorf("%+v: after Fit w = %v, b = %v; want %v, %v", c.opt, gw, gb, c.wantW, c.wantB)
		}
	}
	if math.Abs(aw-w) < 1e-3 {
		t.Fatalf("the average %v is too close to the weight %v to tell them apart", aw, w)
	}
}
