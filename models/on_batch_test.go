package models

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// oneWeightModel is Dense(1) on one feature with kernel w and bias b,
// compiled with SGD(lr), MSE and the MAE metric.
func oneWeightModel(t *testing.T, w, b, lr float64) *Sequential {
	t.Helper()
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{1}})
	if err := m.Compile(&optimizers.SGD{LearningRate: lr}, losses.MeanSquaredError{}, metrics.MeanAbsoluteError{}); err != nil {
		t.Fatal(err)
	}
	if err := m.BuildFor(1); err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights([]*tensor.Tensor{
		tensor.FromSlice([]float32{float32(w)}, 1, 1), tensor.FromSlice([]float32{float32(b)}, 1),
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// Keras: with w = 0.5, b = 0, SGD(0.1), loss 'mse', metrics ['mae'], on
// x = [[1], [2]], y = [[1], [3]]:
//
//	train_on_batch: pred = [0.5, 1], e = pred − y = [−0.5, −2],
//	  loss = (0.25 + 4)/2 = 2.125, mae = (0.5 + 2)/2 = 1.25 (before the
//	  update); dL/dw = (2/2)·Σ e·x = −0.5 − 4 = −4.5, dL/db = −2.5, so
//	  w = 0.5 + 0.45 = 0.95 and b = 0.25.
//	test_on_batch: pred = [1.2, 2.15], e = [0.2, −0.85],
//	  loss = (0.04 + 0.7225)/2 = 0.38125, mae = (0.2 + 0.85)/2 = 0.525;
//	  no update, so a second call returns the same.
//	predict_on_batch([[1], [2]]) = [[1.2], [2.15]].
func TestOnBatchMethodsMatchKeras(t *testing.T) {
	m := oneWeightModel(t, 0.5, 0, 0.1)
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.FromSlice([]float32{1, 3}, 2, 1)
	got, err := m.TrainOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !near(got[0], 2.125) || !near(got[1], 1.25) {
		t.Fatalf("TrainOnBatch = %v, want [2.125 1.25]", got)
	}
	ws := m.WeightValues()
	if !near(ws[0].At(0, 0), 0.95) || !near(ws[1].At(0), 0.25) {
		t.Fatalf("after one step w = %v, b = %v, want 0.95, 0.25", ws[0].At(0, 0), ws[1].At(0))
	}
	for i := 0; i < 2; i++ {
		got, err = m.TestOnBatch(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !near(got[0], 0.38125) || !near(got[1], 0.525) {
			t.Fatalf("TestOnBatch call %d = %v, want [0.38125 0.525]", i, got)
		}
	}
	p, err := m.PredictOnBatch(x)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Shape().Equal(tensor.Shape{2, 1}) || !near(p.At(0, 0), 1.2) || !near(p.At(1, 0), 2.15) {
		t.Fatalf("PredictOnBatch = %v, want [[1.2] [2.15]]", p)
	}
}

// The returned slices are the model's and are reused; other batch sizes,
// float64 data (converted) and int64 data work too.
func TestOnBatchReuseAndConversions(t *testing.T) {
	m := oneWeightModel(t, 0.5, 0, 0)
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.FromSlice([]float32{1, 3}, 2, 1)
	first, err := m.TestOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	loss := first[0]
	// One sample, float64 inputs: pred 0.5, loss 0.25.
	second, err := m.TestOnBatch(tensor.FromSlice([]float64{1}, 1, 1), tensor.FromSlice([]float64{1}, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if &first[0] != &second[0] || !near(second[0], 0.25) || near(loss, 0.25) {
		t.Fatalf("TestOnBatch: first %v (was %v), second %v", first, loss, second)
	}
	p1, err := m.PredictOnBatch(tensor.FromSlice([]int64{4}, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if !near(p1.At(0, 0), 2) {
		t.Fatalf("PredictOnBatch(int64 [[4]]) = %v, want [[2]]", p1)
	}
	p3, err := m.PredictOnBatch(tensor.FromSlice([]float32{1, 2, 3}, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if !p3.Shape().Equal(tensor.Shape{3, 1}) || !near(p3.At(2, 0), 1.5) {
		t.Fatalf("PredictOnBatch on 3 samples = %v", p3)
	}
}

func TestOnBatchMistakesAreErrors(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.FromSlice([]float32{1, 3}, 2, 1)
	uncompiled := MustSequential(&layers.Dense{Units: 1, InputShape: []int{1}})
	m := oneWeightModel(t, 0.5, 0, 0.1)
	nan := tensor.FromSlice([]float32{1, float32(math.NaN())}, 2, 1)
	inf := tensor.FromSlice([]float32{float32(math.Inf(-1)), 1}, 2, 1)
	inf64 := tensor.FromSlice([]float64{math.Inf(-1), 1}, 2, 1)
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"not compiled", func() error { _, err := uncompiled.TrainOnBatch(x, y); return err }, "compiled before TrainOnBatch"},
		{"nil x", func() error { _, err := m.TrainOnBatch(nil, y); return err }, "TrainOnBatch: x is nil"},
		{"nil y", func() error { _, err := m.TestOnBatch(x, nil); return err }, "TestOnBatch: y is nil"},
		{"scalar x", func() error { _, err := m.TrainOnBatch(tensor.Scalar[float32](1), y); return err }, "batch axis"},
		{"empty x", func() error { _, err := m.PredictOnBatch(tensor.New(tensor.Float32, 0, 1)); return err }, "no samples"},
		{"wrong features", func() error {
			_, err := m.TrainOnBatch(tensor.New(tensor.Float32, 2, 3), y)
			return err
		}, `layer "dense" (Dense) expects inputs of shape (None, 1)`},
		{"label count", func() error {
			_, err := m.TrainOnBatch(x, tensor.New(tensor.Float32, 3, 1))
			return err
		}, "TrainOnBatch: y has shape (3, 1), but there are 2 input samples"},
		{"NaN input", func() error { _, err := m.TrainOnBatch(nan, y); return err }, "x contains NaN in sample 1"},
		{"NaN label", func() error { _, err := m.TestOnBatch(x, nan); return err }, "y contains NaN in sample 1"},
		{"Inf input", func() error { _, err := m.TrainOnBatch(inf, y); return err }, "x contains -Inf in sample 0"},
		{"Inf label", func() error { _, err := m.TestOnBatch(x, inf64); return err }, "y contains -Inf in sample 0"},
	} {
		err := c.run()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	// A failed call changed nothing: the weights are still the initial ones.
	if w := m.WeightValues()[0].At(0, 0); !near(w, 0.5) {
		t.Fatalf("w = %v after failed calls, want 0.5", w)
	}
}

// linregModel is the benchmark's linreg workload: Dense(13→1), MSE, Adam.
func linregModel(t testing.TB) (*Sequential, *tensor.Tensor, *tensor.Tensor) {
	rng := tensor.NewRNG(7)
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
	if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	return m, rng.Normal(tensor.Float32, 0, 1, 32, 13), rng.Normal(tensor.Float32, 0, 1, 32, 1)
}

// A steady-state TrainOnBatch of the linreg model allocates nothing on the
// Go heap, nor do TestOnBatch and PredictOnBatch.
func TestTrainOnBatchAllocatesNothing(t *testing.T) {
	m, x, y := linregModel(t)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	got := testing.AllocsPerRun(200, func() {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	})
	if got != 0 {
		t.Fatalf("a steady-state TrainOnBatch allocates %v times, want 0", got)
	}
	for name, fn := range map[string]func(){
		"TestOnBatch": func() {
			if _, err := m.TestOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		},
		"PredictOnBatch": func() {
			if _, err := m.PredictOnBatch(x); err != nil {
				t.Fatal(err)
			}
		},
	} {
		fn()
		if got := testing.AllocsPerRun(200, fn); got != 0 {
			t.Errorf("a steady-state %s allocates %v times, want 0", name, got)
		}
	}
}

// A Fit step allocates nothing in steady state either: an epoch of 20
// steps costs as many allocations as one of 2. Shuffling, the History, the
// logs and the per-epoch setup are the same for both.
func TestFitStepAllocatesNothing(t *testing.T) {
	rng := tensor.NewRNG(5)
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
	if err := m.CompileNamed("adam", "mse", "mae"); err != nil {
		t.Fatal(err)
	}
	perEpoch := func(steps int) float64 {
		x := rng.Normal(tensor.Float32, 0, 1, 32*steps, 13)
		y := rng.Normal(tensor.Float32, 0, 1, 32*steps, 1)
		opts := FitOptions{Epochs: 1, BatchSize: 32, Verbose: Silent}
		fit := func() {
			if _, err := m.Fit(x, y, opts); err != nil {
				t.Fatal(err)
			}
		}
		fit()
		return testing.AllocsPerRun(20, fit)
	}
	two, twenty := perEpoch(2), perEpoch(20)
	if extra := twenty - two; extra != 0 {
		t.Fatalf("Fit allocates %v times for 2 steps and %v for 20: %v more for 18 more steps, want 0",
			two, twenty, extra)
	}
}

// PredictOnBatch of the benchmark MLP (784-512-256-10, batch 128: fused
// dense layers, parallel matrix products) allocates nothing in steady
// state either.
func TestMLPPredictOnBatchAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows parallel loops until callers park, and parking may allocate runtime structures")
	}
	m := MustSequential(
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dense{Units: 256, Activation: "relu"},
		&layers.Dense{Units: 10, Activation: "softmax"},
	)
	x := tensor.NewRNG(1).Normal(tensor.Float32, 0, 1, 128, 784)
	predict := func() {
		if _, err := m.PredictOnBatch(x); err != nil {
			t.Fatal(err)
		}
	}
	predict()
	if got := testing.AllocsPerRun(20, predict); got != 0 {
		t.Fatalf("a steady-state PredictOnBatch of the MLP allocates %v times, want 0", got)
	}
}
