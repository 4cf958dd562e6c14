package models

import (
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// resumeCase is a model and its data for the resume tests: build makes
// the model afresh (same seed, same weights) and x, y are its data.
type resumeCase struct {
	name  string
	build func() *Model
	x, y  Data
}

// resumeCases are models whose training draws random numbers: Dropout,
// a random augmentation layer (RandomFlip, RandomTranslation) and a
// recurrent layer's dropouts, as Sequential and functional models, and
// the functional twoTower (shared layer, nested model, two outputs).
func resumeCases() []resumeCase {
	img, target := imageData(24)
	seq, seqY := sequenceData(20)
	x0, y := linearData(24)
	return []resumeCase{
		{"sequential", randomSequential, img, target},
		{"functional", randomFunctional, seq, seqY},
		{"two_tower", twoTower, map[string]*tensor.Tensor{"a": x0, "b": x0.Clone()}, y},
	}
}

// randomSequential is a Sequential model with RandomFlip,
// RandomTranslation and Dropout.
func randomSequential() *Model {
	s := MustSequential(
		&layers.RandomFlip{InputShape: []int{4, 4, 1}},
		&layers.RandomTranslation{HeightFactor: []float64{0.25}, WidthFactor: []float64{0.25}},
		&layers.Flatten{},
		&layers.Dense{Units: 8, Activation: "relu"},
		&layers.Dropout{Rate: 0.3},
		&layers.Dense{Units: 1})
	s.Seed = 21
	if err := s.CompileWith(CompileConfig{Optimizer: &optimizers.Adam{LearningRate: 0.01}, Loss: losses.MeanSquaredError{},
		Metrics: []metrics.Metric{metrics.MeanAbsoluteError{}}}); err != nil {
		panic(err)
	}
	return &s.Model
}

// randomFunctional is a functional model with an LSTM that has input and
// recurrent dropout, then Dropout.
func randomFunctional() *Model {
	in := layers.Input(5, 2)
	h := layers.Call(&layers.LSTM{Units: 4, Dropout: 0.2, RecurrentDropout: 0.3}, in)
	h = layers.Call(&layers.Dropout{Rate: 0.25}, h)
	out := layers.Call(&layers.Dense{Units: 1}, h)
	m, err := NewModel([]*layers.Tensor{in}, []*layers.Tensor{out})
	if err != nil {
		panic(err)
	}
	m.Seed = 8
	if err := m.CompileWith(CompileConfig{Optimizer: &optimizers.RMSprop{LearningRate: 0.01}, Loss: losses.MeanSquaredError{}}); err != nil {
		panic(err)
	}
	return m
}

// imageData returns n 4×4 one-channel images and the mean of each.
func imageData(n int) (x, y *tensor.Tensor) {
	rng := tensor.NewRNG(4)
	x = tensor.New(tensor.Float32, n, 4, 4, 1)
	y = tensor.New(tensor.Float32, n, 1)
	for i := range n {
		s := 0.0
		for j := range 16 {
			v := rng.Float64()
			x.Float32s()[i*16+j] = float32(v)
			s += v
		}
		y.Float32s()[i] = float32(s / 16)
	}
	return x, y
}

// sequenceData returns n sequences of 5 steps of 2 features and the sum
// of their first feature.
func sequenceData(n int) (x, y *tensor.Tensor) {
	rng := tensor.NewRNG(6)
	x = tensor.New(tensor.Float32, n, 5, 2)
	y = tensor.New(tensor.Float32, n, 1)
	for i := range n {
		s := float32(0)
		for j := range 10 {
			v := float32(2*rng.Float64() - 1)
			x.Float32s()[i*10+j] = v
			if j%2 == 0 {
				s += v
			}
		}
		y.Float32s()[i] = s
	}
	return x, y
}

// resumeFit is the FitOptions of the resume tests: epochs up to e,
// starting at first, shuffled.
func resumeFit(e, first int) FitOptions {
	return FitOptions{Epochs: e, InitialEpoch: first, BatchSize: 6, Verbose: Silent}
}

// TestSaveLoadResumesRandomLayersExactly: with Dropout, random
// augmentation and recurrent dropout, Fit 2 epochs, Save, Load, Fit 2
// more equals Fit 4 bit for bit (weights and History), because the random
// layers draw from (seed, step) and the file holds the step counter.
func TestSaveLoadResumesRandomLayersExactly(t *testing.T) {
	for _, c := range resumeCases() {
		t.Run(c.name, func(t *testing.T) {
			ref := c.build()
			h4, err := ref.Fit(c.x, c.y, resumeFit(4, 0))
			if err != nil {
				t.Fatal(err)
			}
			m := c.build()
			h2, err := m.Fit(c.x, c.y, resumeFit(2, 0))
			if err != nil {
				t.Fatal(err)
			}
			loaded := saveLoad(t, m)
			h3, err := loaded.Fit(c.x, c.y, resumeFit(4, 2))
			if err != nil {
				t.Fatal(err)
			}
			if bits(ref.WeightValues()...) != bits(loaded.WeightValues()...) {
				t.Error("weights after Fit 2 + Save + Load + Fit 2 differ from Fit 4")
			}
			checkHistory(t, h4, h2, h3)
		})
	}
}

// TestRandomLayersDrawAfreshEachStep guards the resume test against
// passing trivially: two models differing only in the random step they
// start from train to different weights.
func TestRandomLayersDrawAfreshEachStep(t *testing.T) {
	for _, c := range resumeCases()[:2] {
		a, b := c.build(), c.build()
		b.step.Int64s()[0] = 1000
		if _, err := a.Fit(c.x, c.y, resumeFit(1, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Fit(c.x, c.y, resumeFit(1, 0)); err != nil {
			t.Fatal(err)
		}
		if bits(a.WeightValues()...) == bits(b.WeightValues()...) {
			t.Errorf("%s: training from random step 1000 gave the weights of step 0", c.name)
		}
		if got, want := a.step.Int64s()[0], int64(4); got != want {
			t.Errorf("%s: after 4 training steps the step counter is %d", c.name, got)
		}
	}
}
