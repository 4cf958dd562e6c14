package models

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// bits returns the exact bits of every element of ts, for bit-for-bit
// comparisons.
func bits(ts ...*tensor.Tensor) string {
	s := ""
	for _, t := range ts {
		s += fmt.Sprintf("%v %v|", t.Shape(), t.Values())
		for _, v := range t.Values() {
			s += fmt.Sprintf("%x,", v)
		}
	}
	return s
}

// saveLoad saves m and loads it back.
func saveLoad(t *testing.T, m *Model) *Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.neurite")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// seqModel is a Sequential model using initializers, a regularizer and a
// activation function.
func seqModel(opt optimizers.Optimizer) *Model {
	s := MustSequential(
		&layers.Dense{Units: 5, InputShape: []int{2}, Activation: "tanh",
			KernelInitializer: initializers.RandomNormal{Stddev: 0.3}, KernelRegularizer: regularizers.L2{L2: 1e-3}},
		&layers.Dense{Units: 4, Activation: "relu", NoBias: true},
		&layers.Dense{Units: 1})
	s.Seed = 11
	if err := s.CompileWith(CompileConfig{Optimizer: opt, Loss: losses.MeanSquaredError{},
		Metrics: []metrics.Metric{mustMetric("mae")}}); err != nil {
		panic(err)
	}
	return &s.Model
}

func mustMetric(name string) metrics.Metric {
	m, err := metrics.Get(name)
	if err != nil {
		panic(err)
	}
	return m
}

// TestSaveLoadResumesSequentialExactly: Fit 2 epochs, Save, Load, Fit 2
// more equals Fit 4 epochs bit for bit, weights and History, for every
// optimizer.
func TestSaveLoadResumesSequentialExactly(t *testing.T) {
	x, y := linearData(40)
	for _, name := range []string{"adadelta", "adagrad", "adam", "adamax", "adamw", "ftrl", "lion", "nadam", "rmsprop", "sgd"} {
		t.Run(name, func(t *testing.T) {
			opt := func() optimizers.Optimizer { o, _ := optimizers.Get(name); return o }
			ref := seqModel(opt())
			h4, err := ref.Fit(x, y, FitOptions{Epochs: 4, BatchSize: 8, Verbose: Silent})
			if err != nil {
				t.Fatal(err)
			}
			m := seqModel(opt())
			h2, err := m.Fit(x, y, FitOptions{Epochs: 2, BatchSize: 8, Verbose: Silent})
			if err != nil {
				t.Fatal(err)
			}
			loaded := saveLoad(t, m)
			p1, _ := m.Predict(x, PredictOptions{Verbose: Silent})
			p2, err := loaded.Predict(x, PredictOptions{Verbose: Silent})
			if err != nil {
				t.Fatal(err)
			}
			if bits(p1) != bits(p2) {
				t.Fatal("the loaded model predicts differently")
			}
			h3, err := loaded.Fit(x, y, FitOptions{Epochs: 4, InitialEpoch: 2, BatchSize: 8, Verbose: Silent})
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

// checkHistory compares the History of 4 epochs with the concatenation
// of two halves.
func checkHistory(t *testing.T, full, first, second *callbacks.History) {
	t.Helper()
	if !reflect.DeepEqual(full.Epoch, append(append([]int{}, first.Epoch...), second.Epoch...)) {
		t.Errorf("epochs %v, then %v + %v", full.Epoch, first.Epoch, second.Epoch)
	}
	for k, v := range full.History {
		joined := append(append([]float64{}, first.History[k]...), second.History[k]...)
		if !reflect.DeepEqual(v, joined) {
			t.Errorf("History[%q] = %v, resumed %v", k, v, joined)
		}
	}
}
