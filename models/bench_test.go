package models

import (
	"math"
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// BenchmarkBostonEpoch times one epoch of the lecture's model: Dense(1) on
// the 404 standardised Boston training samples, Adam, MSE, MAE metric,
// validation split 0.2 (11 steps of 32 and a validation pass per epoch).
func BenchmarkBostonEpoch(b *testing.B) {
	x, y, _, _, err := datasets.LoadBostonHousing()
	if err != nil {
		b.Fatal(err)
	}
	s, err := datasets.FitStandardizer(x)
	if err != nil {
		b.Fatal(err)
	}
	if x, err = s.Transform(x); err != nil {
		b.Fatal(err)
	}
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
	if err := m.CompileNamed("adam", "mse", "mae"); err != nil {
		b.Fatal(err)
	}
	opts := FitOptions{Epochs: 1, ValidationSplit: 0.2, Verbose: Silent}
	if _, err := m.Fit(x, y, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Fit(x, y, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMLPFit measures training throughput of a 784-512-256-10 ReLU
// network with a softmax output, Adam and sparse categorical crossentropy,
// at batch size 128, through Fit.
func BenchmarkMLPFit(b *testing.B) {
	const n = 128 * 8
	rng := tensor.NewRNG(3)
	x := rng.Normal(tensor.Float32, 0, 1, n, 784)
	y := rng.Integers(0, 10, n)
	m := MustSequential(
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dense{Units: 256, Activation: "relu"},
		&layers.Dense{Units: 10, Activation: "softmax"},
	)
	if err := m.CompileNamed("adam", "sparse_categorical_crossentropy"); err != nil {
		b.Fatal(err)
	}
	opts := FitOptions{Epochs: 1, BatchSize: 128, Verbose: Silent}
	if _, err := m.Fit(x, y, opts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Fit(x, y, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// benchTrainOnBatch times TrainOnBatch over nb pre-generated batches,
// cycled, reading the loss of every step, and reports µs per step and
// samples per second besides the allocations.
func benchTrainOnBatch(b *testing.B, m *Sequential, xs, ys []*tensor.Tensor) {
	for i := 0; i < 5; i++ { // builds the training step and warms the buffers
		if _, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)]); err != nil {
			b.Fatal(err)
		}
	}
	var loss float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)])
		if err != nil {
			b.Fatal(err)
		}
		loss += out[0]
	}
	b.StopTimer()
	if math.IsNaN(loss) {
		b.Fatal("loss is NaN")
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(sec*1e6/float64(b.N), "us/step")
	b.ReportMetric(float64(b.N*xs[0].Dim(0))/sec, "samples/s")
}

// BenchmarkTrainOnBatchLinreg is the linreg_13-1_b32 workload of the peer
// benchmarks: Dense(13→1), MSE, Adam, batch 32, 8 batches cycled.
func BenchmarkTrainOnBatchLinreg(b *testing.B) {
	rng := tensor.NewRNG(7)
	var xs, ys []*tensor.Tensor
	for i := 0; i < 8; i++ {
		xs = append(xs, rng.Normal(tensor.Float32, 0, 1, 32, 13))
		ys = append(ys, rng.Normal(tensor.Float32, 0, 1, 32, 1))
	}
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
	if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}); err != nil {
		b.Fatal(err)
	}
	benchTrainOnBatch(b, m, xs, ys)
}

// BenchmarkTrainOnBatchMLP is the mlp_784-512-256-10_b128 workload:
// Dense(512, relu), Dense(256, relu), Dense(10) logits, sparse softmax
// crossentropy from logits, Adam, batch 128, 8 batches cycled.
func BenchmarkTrainOnBatchMLP(b *testing.B) { benchTrainOnBatchMLP(b, &optimizers.Adam{}) }

// BenchmarkTrainOnBatchMLPOptimizers is BenchmarkTrainOnBatchMLP with each
// of the lecture's optimizers: plain SGD, SGD with momentum (and
// Nesterov's) and Adam.
func BenchmarkTrainOnBatchMLPOptimizers(b *testing.B) {
	b.Run("SGD", func(b *testing.B) { benchTrainOnBatchMLP(b, &optimizers.SGD{}) })
	b.Run("Momentum", func(b *testing.B) { benchTrainOnBatchMLP(b, &optimizers.SGD{Momentum: 0.9}) })
	b.Run("Nesterov", func(b *testing.B) { benchTrainOnBatchMLP(b, &optimizers.SGD{Momentum: 0.9, Nesterov: true}) })
	b.Run("Adam", func(b *testing.B) { benchTrainOnBatchMLP(b, &optimizers.Adam{}) })
}

// benchTrainOnBatchMLP times TrainOnBatch steps of the 784-512-256-10 MLP
// at batch 128 with opt.
func benchTrainOnBatchMLP(b *testing.B, opt optimizers.Optimizer) {
	rng := tensor.NewRNG(42)
	var xs, ys []*tensor.Tensor
	for i := 0; i < 8; i++ {
		xs = append(xs, rng.Normal(tensor.Float32, 0, 1, 128, 784))
		ys = append(ys, rng.Integers(0, 10, 128))
	}
	m := MustSequential(
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dense{Units: 256, Activation: "relu"},
		&layers.Dense{Units: 10},
	)
	if err := m.Compile(opt, losses.SparseCategoricalCrossentropy{FromLogits: true}); err != nil {
		b.Fatal(err)
	}
	benchTrainOnBatch(b, m, xs, ys)
}
