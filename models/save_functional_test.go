package models

import (
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// twoTower is a functional model with two named inputs, a layer shared by
// both (called twice), a nested Sequential model, a merge and two
// outputs, one trained with its own loss weight and one not trained.
func twoTower() *Model {
	a, b := layers.NamedInput("a", 2), layers.NamedInput("b", 2)
	shared := &layers.Dense{Units: 3, Activation: "relu"}
	inner := MustSequential(&layers.Dense{Units: 3, InputShape: []int{3}, Activation: "tanh", Name: "inner_dense"})
	ha, hb := layers.Call(shared, a), layers.Call(shared, b)
	joined := layers.Call(&layers.Concatenate{}, layers.Call(inner, ha), hb)
	out := layers.Call(&layers.Dense{Units: 1, Name: "score"}, joined)
	aux := layers.Call(&layers.Add{}, ha, hb)
	m, err := NewModel([]*layers.Tensor{a, b}, []*layers.Tensor{out, aux})
	if err != nil {
		panic(err)
	}
	m.Seed = 5
	if err := m.CompileWith(CompileConfig{Optimizer: &optimizers.Adam{LearningRate: 0.01},
		Losses: map[string]losses.Loss{"score": losses.Huber{}}, LossWeights: map[string]float64{"score": 0.5},
		Metrics: []metrics.Metric{metrics.MeanAbsoluteError{}}}); err != nil {
		panic(err)
	}
	return m
}

// TestSaveLoadResumesFunctionalExactly is the resume test for a
// functional model.
func TestSaveLoadResumesFunctionalExactly(t *testing.T) {
	x0, y := linearData(24)
	x := map[string]*tensor.Tensor{"a": x0, "b": x0.Clone()}
	opts := func(e, first int) FitOptions {
		return FitOptions{Epochs: e, InitialEpoch: first, BatchSize: 5, Verbose: Silent}
	}
	ref := twoTower()
	h4, err := ref.Fit(x, y, opts(4, 0))
	if err != nil {
		t.Fatal(err)
	}
	m := twoTower()
	h2, err := m.Fit(x, y, opts(2, 0))
	if err != nil {
		t.Fatal(err)
	}
	loaded := saveLoad(t, m)
	if got, want := loaded.LayerNames(), m.LayerNames(); len(got) != len(want) {
		t.Fatalf("layers %v, want %v", got, want)
	}
	for i, n := range m.LayerNames() {
		if loaded.LayerNames()[i] != n {
			t.Fatalf("layers %v, want %v", loaded.LayerNames(), m.LayerNames())
		}
	}
	p1, _ := m.PredictAll(x, PredictOptions{Verbose: Silent})
	p2, err := loaded.PredictAll(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if bits(p1...) != bits(p2...) {
		t.Fatal("the loaded model predicts differently")
	}
	h3, err := loaded.Fit(x, y, opts(4, 2))
	if err != nil {
		t.Fatal(err)
	}
	if bits(ref.WeightValues()...) != bits(loaded.WeightValues()...) {
		t.Error("weights after Fit 2 + Save + Load + Fit 2 differ from Fit 4")
	}
	checkHistory(t, h4, h2, h3)
	if _, ok := h4.History["score_mean_absolute_error"]; !ok {
		t.Errorf("History keys %v: the test does not cover per-output metrics", h4.Keys())
	}
}

// TestSaveLoadUncompiled: a model never compiled or trained loads with the
// same predictions and stays uncompiled.
func TestSaveLoadUncompiled(t *testing.T) {
	s := MustSequential(&layers.InputLayer{Shape: []int{2}}, &layers.Dense{Units: 2, Activation: "softmax"}, &layers.Dropout{Rate: 0.5})
	x, _ := linearData(6)
	p1, err := s.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	loaded := saveLoad(t, &s.Model)
	p2, err := loaded.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if bits(p1) != bits(p2) || loaded.Type() != "Sequential" || loaded.Seed != s.Seed {
		t.Fatalf("loaded %s model, seed %d (want %d); predictions equal: %v", loaded.Type(), loaded.Seed, s.Seed, bits(p1) == bits(p2))
	}
	if _, ok := loaded.LearningRate(); ok {
		t.Error("the loaded model is compiled")
	}
}
