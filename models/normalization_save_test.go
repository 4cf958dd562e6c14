package models

import (
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
)

// TestNormalizationRoundTrips: a model whose first layer is an adapted
// Normalization, and one with given statistics, predict the same after
// Save and Load, and the adapted statistics come back as weights.
func TestNormalizationRoundTrips(t *testing.T) {
	x, y := linearData(30)
	adapted := &layers.Normalization{InputShape: []int{2}}
	if err := adapted.Adapt(x); err != nil {
		t.Fatal(err)
	}
	for _, norm := range []*layers.Normalization{adapted,
		{InputShape: []int{2}, Mean: []float64{0.5, 0.4}, Variance: []float64{0.1, 0.08}}} {
		s := MustSequential(norm, &layers.Dense{Units: 1})
		s.Seed = 2
		if err := s.Compile(&optimizers.SGD{LearningRate: 0.05}, losses.MeanSquaredError{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Fit(x, y, FitOptions{Epochs: 2, Verbose: Silent}); err != nil {
			t.Fatal(err)
		}
		loaded := saveLoad(t, &s.Model)
		p1, _ := s.Predict(x, PredictOptions{Verbose: Silent})
		p2, err := loaded.Predict(x, PredictOptions{Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		if bits(p1) != bits(p2) {
			t.Fatal("the loaded model predicts differently")
		}
		l, err := loaded.Layer(norm.LayerBase().UniqueName())
		if err != nil {
			t.Fatal(err)
		}
		m1, v1 := norm.Statistics()
		m2, v2 := l.(*layers.Normalization).Statistics()
		if len(m1) != 2 || !sameValues(m1, m2) || !sameValues(v1, v2) {
			t.Fatalf("statistics %v %v, loaded %v %v", m1, v1, m2, v2)
		}
	}
}

// sameValues reports whether a and b hold the same values.
func sameValues(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
