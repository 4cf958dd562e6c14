package models

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// sameWeights reports whether two weight lists are equal element for
// element.
func sameWeights(a, b []*tensor.Tensor) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Shape().Equal(b[i].Shape()) || fmt.Sprint(a[i].Values()) != fmt.Sprint(b[i].Values()) {
			return false
		}
	}
	return true
}

func mlp(seed uint64, hidden int, extra bool) *Sequential {
	m := MustSequential(&layers.Dense{Units: hidden, InputShape: []int{2}, Activation: "relu"}, &layers.Dense{Units: 1})
	if extra {
		m.Add(&layers.Dense{Units: 1})
	}
	m.Seed = seed
	return m
}

func TestSaveWeightsLoadWeightsRoundTrip(t *testing.T) {
	x, y := linearData(64)
	a := mlp(1, 3, false)
	if err := a.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Fit(x, y, FitOptions{Epochs: 2, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.safetensors")
	if err := a.SaveWeights(path); err != nil {
		t.Fatal(err)
	}
	b := mlp(2, 3, false)
	if err := b.BuildFor(2); err != nil {
		t.Fatal(err)
	}
	if sameWeights(a.WeightValues(), b.WeightValues()) {
		t.Fatal("different seeds gave the same weights; the test would prove nothing")
	}
	if err := b.LoadWeights(path); err != nil {
		t.Fatal(err)
	}
	if !sameWeights(a.WeightValues(), b.WeightValues()) {
		t.Fatal("loaded weights differ from the saved ones")
	}
	pa, _ := a.Predict(x, PredictOptions{Verbose: Silent})
	pb, _ := b.Predict(x, PredictOptions{Verbose: Silent})
	if !tensor.ArrayEqual(pa, pb) {
		t.Fatal("the loaded model predicts differently")
	}
}

func TestLoadWeightsErrorsNameTheWeight(t *testing.T) {
	dir := t.TempDir()
	save := func(m *Sequential, name string) string {
		t.Helper()
		if err := m.BuildFor(2); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := m.SaveWeights(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := save(mlp(1, 3, false), "small")
	wide := save(mlp(1, 4, false), "wide")
	deep := save(mlp(1, 3, true), "deep")
	for _, c := range []struct {
		m    *Sequential
		path string
		want string
	}{
		{mlp(1, 3, false), wide, "weight dense/kernel is float32 (2, 3) in the model but float32 (2, 4) in"},
		{mlp(1, 3, true), small, "has no weight dense_2/kernel"},
		{mlp(1, 3, false), deep, "holds weights the model does not have: dense_2/kernel, dense_2/bias"},
		{mlp(1, 3, false), filepath.Join(dir, "none"), "LoadWeights"},
	} {
		if err := c.m.BuildFor(2); err != nil {
			t.Fatal(err)
		}
		before := c.m.WeightValues()
		err := c.m.LoadWeights(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
		if !sameWeights(before, c.m.WeightValues()) {
			t.Errorf("a failed load changed the weights")
		}
	}
	unbuilt := MustSequential(&layers.Dense{Units: 3}, &layers.Dense{Units: 1})
	if err := unbuilt.LoadWeights(small); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Errorf("unbuilt LoadWeights: %v", err)
	}
	if err := unbuilt.SaveWeights(filepath.Join(dir, "x")); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Errorf("unbuilt SaveWeights: %v", err)
	}
	// A model whose first layer declares its input shape builds itself:
	// loading needs no Build, as in Keras.
	declared := mlp(1, 3, false)
	if err := declared.LoadWeights(small); err != nil {
		t.Errorf("LoadWeights on a model with a declared input shape: %v", err)
	}
}
