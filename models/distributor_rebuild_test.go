package models

import (
	"testing"

	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// SetDistributor on a model that has trained keeps the optimizer's state:
// one epoch alone, then one epoch on 2 ranks, follows two epochs alone.
func TestSetDistributorAfterTraining(t *testing.T) {
	o := FitOptions{Epochs: 1, BatchSize: 10, Verbose: Silent}
	adam := func() optimizers.Optimizer { return &optimizers.Adam{LearningRate: 0.01} }
	x, y := distData()
	ref, err := distModel(100, nil, adam())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.Fit(x, y, FitOptions{Epochs: 2, BatchSize: 10, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	want := ref.WeightValues()

	// SetDistributor(nil) after training recompiles without changing the run.
	alone, err := distModel(100, nil, adam())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := alone.Fit(x, y, o); err != nil {
			t.Fatal(err)
		}
		if err := alone.SetDistributor(nil); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range alone.WeightValues() {
		if !tensor.ArrayEqual(w, want[i]) {
			t.Fatalf("after SetDistributor(nil), weight %d differs from the uninterrupted run", i)
		}
	}

	ranks := newLocalWorld(2)
	got := onRanks(t, 2, func(r int) ([]*tensor.Tensor, error) {
		m, err := distModel(100, nil, adam())
		if err != nil {
			return nil, err
		}
		if _, err := m.Fit(x, y, o); err != nil {
			return nil, err
		}
		if err := m.SetDistributor(ranks[r]); err != nil {
			return nil, err
		}
		_, err = m.Fit(x, y, o)
		return m.WeightValues(), err
	})
	checkRanksFollow(t, got, want)
}
