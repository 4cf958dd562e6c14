package models

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
)

// restoreModel is a small compiled Sequential model. (Not with Dropout:
// the masks' random streams live in the training graph's nodes, which a
// model file does not hold yet, so a resumed run with Dropout draws other
// masks.)
func restoreModel() *Model {
	s := MustSequential(
		&layers.Dense{Units: 6, InputShape: []int{2}, Activation: "relu"},
		&layers.Dense{Units: 1})
	s.Seed = 5
	if err := s.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.MeanSquaredError{}); err != nil {
		panic(err)
	}
	return &s.Model
}

// TestRestoreResumesExactly: Fit 2 epochs and Save; a new model of the
// same architecture, Restored from the file, then Fit from epoch 2 to 4,
// equals Fit 4 epochs bit for bit (weights and History).
func TestRestoreResumesExactly(t *testing.T) {
	x, y := linearData(40)
	opts := func(first, epochs int) FitOptions {
		return FitOptions{Epochs: epochs, InitialEpoch: first, BatchSize: 8, Verbose: Silent}
	}
	ref := restoreModel()
	h4, err := ref.Fit(x, y, opts(0, 4))
	if err != nil {
		t.Fatal(err)
	}
	m := restoreModel()
	h2, err := m.Fit(x, y, opts(0, 2))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.neurite")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	fresh := restoreModel()
	if bits(fresh.WeightValues()...) == bits(m.WeightValues()...) {
		t.Fatal("a fresh model already has the trained weights")
	}
	if err := fresh.Restore(path); err != nil {
		t.Fatal(err)
	}
	if bits(fresh.WeightValues()...) != bits(m.WeightValues()...) {
		t.Fatal("Restore did not set the weights")
	}
	h3, err := fresh.Fit(x, y, opts(2, 4))
	if err != nil {
		t.Fatal(err)
	}
	if bits(ref.WeightValues()...) != bits(fresh.WeightValues()...) {
		t.Error("weights after Fit 2 + Save + Restore + Fit 2 differ from Fit 4")
	}
	checkHistory(t, h4, h2, h3)
}

// TestRestoreRefusesOtherModels: a file of another architecture, a
// trained file into an uncompiled model, and a file that is not a model
// are errors naming the problem, and leave the weights as they were.
func TestRestoreRefusesOtherModels(t *testing.T) {
	x, y := linearData(20)
	m := restoreModel()
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "m.neurite")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	other := MustSequential(&layers.Dense{Units: 3, InputShape: []int{2}}, &layers.Dense{Units: 1})
	before := bits(other.WeightValues()...)
	err := other.Restore(path)
	if err == nil || !strings.Contains(err.Error(), "models: Restore: "+path) || !strings.Contains(err.Error(), "dense/kernel") {
		t.Fatalf("another architecture: %v", err)
	}
	if bits(other.WeightValues()...) != before {
		t.Error("a refused Restore changed the weights")
	}
	plain := MustSequential(&layers.Dense{Units: 6, InputShape: []int{2}, Activation: "relu"}, &layers.Dense{Units: 1})
	if err := plain.Restore(path); err == nil || !strings.Contains(err.Error(), "not compiled") {
		t.Fatalf("uncompiled model: %v", err)
	}
	weights := filepath.Join(dir, "w.safetensors")
	if err := m.SaveWeights(weights); err != nil {
		t.Fatal(err)
	}
	if err := m.Restore(weights); err == nil || !strings.Contains(err.Error(), weights) {
		t.Fatalf("a weights file: %v", err)
	}
	if err := m.Restore(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing file restored")
	}
}
