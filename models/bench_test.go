package models

import (
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
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
	m := NewSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
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
	m := NewSequential(
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
