package models

import (
	"math"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// activityModel is one layer l on an input of the given per-sample shape,
// compiled with SGD(0.1) and MSE.
func activityModel(t *testing.T, l layers.Layer, shape ...int) *Model {
	t.Helper()
	in := layers.Input(shape...)
	m, err := NewModel([]*layers.Tensor{in}, []*layers.Tensor{layers.Call(l, in)})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.1}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	return m
}

// l1l2Of returns l1·Σ|v| + l2·Σv² over vals.
func l1l2Of(vals []float64, l1, l2 float64) float64 {
	var a, s float64
	for _, v := range vals {
		a += math.Abs(v)
		s += v * v
	}
	return l1*a + l2*s
}

// meanSquare returns the mean of v² over vals (MSE against zero labels).
func meanSquare(vals []float64) float64 {
	var s float64
	for _, v := range vals {
		s += v * v
	}
	return s / float64(len(vals))
}

// TestActivityRegularizerLossPerLayer: for each layer with an
// ActivityRegularizer, TestOnBatch against zero labels reports
// MSE(output) + (l1·Σ|output| + l2·Σoutput²)/batch, with the output from
// PredictOnBatch, as Keras 3 divides the penalty by the batch size.
func TestActivityRegularizerLossPerLayer(t *testing.T) {
	const l1, l2 = 0.03, 0.2
	reg := regularizers.L1L2{L1: l1, L2: l2}
	cases := []struct {
		name  string
		layer layers.Layer
		shape []int
	}{
		{"Dense", &layers.Dense{Units: 3, ActivityRegularizer: reg}, []int{4}},
		{"Conv1D", &layers.Conv1D{Filters: 2, KernelSize: 2, ActivityRegularizer: reg}, []int{5, 3}},
		{"Conv2D", &layers.Conv2D{Filters: 2, KernelSize: [2]int{2, 2}, ActivityRegularizer: reg}, []int{4, 4, 2}},
		{"Conv2DTranspose", &layers.Conv2DTranspose{Filters: 2, KernelSize: [2]int{2, 2}, ActivityRegularizer: reg}, []int{3, 3, 2}},
		{"DepthwiseConv2D", &layers.DepthwiseConv2D{KernelSize: [2]int{2, 2}, ActivityRegularizer: reg}, []int{4, 4, 2}},
		{"SeparableConv2D", &layers.SeparableConv2D{Filters: 3, KernelSize: [2]int{2, 2}, ActivityRegularizer: reg}, []int{4, 4, 2}},
		{"SimpleRNN", &layers.SimpleRNN{Units: 3, ActivityRegularizer: reg}, []int{4, 2}},
		{"LSTM", &layers.LSTM{Units: 3, ReturnSequences: true, ActivityRegularizer: reg}, []int{4, 2}},
		{"GRU", &layers.GRU{Units: 3, ActivityRegularizer: reg}, []int{4, 2}},
		{"Embedding", &layers.Embedding{InputDim: 6, OutputDim: 3, ActivityRegularizer: reg}, []int{4}},
	}
	for _, c := range cases {
		m := activityModel(t, c.layer, c.shape...)
		const batch = 3
		x := tensor.NewRNG(5).Uniform(tensor.Float32, 0, 5.99, append([]int{batch}, c.shape...)...)
		pred, err := m.PredictOnBatch(x)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		out := pred.Values()
		want := meanSquare(out) + l1l2Of(out, l1, l2)/batch
		got, err := m.TestOnBatch(x, tensor.New(tensor.Float32, pred.Shape()...))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got[0]-want) > 1e-5*math.Max(1, want) {
			t.Errorf("%s: TestOnBatch loss = %v, want MSE %v + penalty/batch %v = %v",
				c.name, got[0], meanSquare(out), l1l2Of(out, l1, l2)/batch, want)
		}
	}
}

// TestActivityRegularizerKeras pins Dense(1) (w = 0.5, b = 0) with an
// L2(0.1) activity regularizer, SGD(0.1) and MSE on x = [[1], [2]],
// y = [[1], [3]], by hand from Keras 3's rule (penalty / batch size):
//
//	out = [0.5, 1]; MSE = (0.25 + 4)/2 = 2.125;
//	penalty = 0.1·(0.25 + 1)/2 = 0.0625; loss = 2.1875.
//	d(penalty)/dw = (0.1/2)·Σ 2·out·x = 0.25, d/db = (0.1/2)·Σ 2·out = 0.15;
//	d(MSE)/dw = −4.5, d/db = −2.5; so w = 0.5 − 0.1·(−4.25) = 0.925 and
//	b = −0.1·(−2.35) = 0.235.
//
// Evaluate with batches of one sample averages (0.25 + 0.1·0.25) and
// (4 + 0.1·1): (0.275 + 4.1)/2 = 2.1875 as well, while a penalty not
// divided by the batch size would give different values at the two batch
// sizes. Fit's logged loss is the loss before its one step: 2.1875.
func TestActivityRegularizerKeras(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.FromSlice([]float32{1, 3}, 2, 1)
	build := func() *Model {
		m := activityModel(t, &layers.Dense{Units: 1, ActivityRegularizer: regularizers.L2{L2: 0.1}}, 1)
		if err := m.SetWeights([]*tensor.Tensor{tensor.FromSlice([]float32{0.5}, 1, 1), tensor.FromSlice([]float32{0}, 1)}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := build()
	got, err := m.TestOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if !near(got[0], 2.1875) {
		t.Errorf("TestOnBatch loss = %v, want 2.1875", got[0])
	}
	for _, bs := range []int{1, 2} {
		ev, err := m.Evaluate(x, y, EvaluateOptions{BatchSize: bs, Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		if !near(ev[0], 2.1875) {
			t.Errorf("Evaluate with batches of %d: loss = %v, want 2.1875", bs, ev[0])
		}
	}
	if got, err = m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	ws := m.WeightValues()
	if !near(got[0], 2.1875) || !near(ws[0].At(0, 0), 0.925) || !near(ws[1].At(0), 0.235) {
		t.Errorf("TrainOnBatch = %v, w = %v, b = %v; want 2.1875, 0.925, 0.235", got[0], ws[0].At(0, 0), ws[1].At(0))
	}
	m = build()
	h, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 2, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if loss := h.History["loss"]; len(loss) != 1 || !near(loss[0], 2.1875) {
		t.Errorf("Fit logged loss %v, want [2.1875]", loss)
	}
}
