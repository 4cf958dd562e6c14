package models

import (
	"regexp"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
)

// optimizerNames returns every name optimizers.Get knows, read from the
// list its error gives for an unknown name, so that a new optimizer joins
// the test below by itself.
func optimizerNames(t *testing.T) []string {
	t.Helper()
	_, err := optimizers.Get("no such optimizer")
	m := regexp.MustCompile(`\(known: (.*)\)`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("cannot read the known optimizers from %q", err)
	}
	return strings.Split(m[1], ", ")
}

// TestSaveLoadResumesEveryOptimizer: for every optimizer, a model with
// Dropout and a BatchNormalization fitted 2 epochs, saved, loaded and
// fitted 2 more equals Fit 4 bit for bit (weights and History).
func TestSaveLoadResumesEveryOptimizer(t *testing.T) {
	x, y := imageData(24)
	names := optimizerNames(t)
	if len(names) < 11 {
		t.Fatalf("only %d optimizers known: %v", len(names), names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			build := func() *Model {
				opt, err := optimizers.Get(name)
				if err != nil {
					t.Fatal(err)
				}
				s := MustSequential(&layers.Flatten{InputShape: []int{4, 4, 1}},
					&layers.Dense{Units: 6, Activation: "relu"}, &layers.BatchNormalization{},
					&layers.Dropout{Rate: 0.2}, &layers.Dense{Units: 1})
				s.Seed = 9
				if err := s.CompileWith(CompileConfig{Optimizer: opt, Loss: losses.MeanSquaredError{}}); err != nil {
					t.Fatal(err)
				}
				return &s.Model
			}
			ref := build()
			h4, err := ref.Fit(x, y, resumeFit(4, 0))
			if err != nil {
				t.Fatal(err)
			}
			m := build()
			h2, err := m.Fit(x, y, resumeFit(2, 0))
			if err != nil {
				t.Fatal(err)
			}
			loaded := saveLoad(t, m)
			h3, err := loaded.Fit(x, y, resumeFit(4, 2))
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
