package models

import (
	"math"
	"sync"
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
	got := make([][]*tensor.Tensor, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := distModel(100, nil, adam())
			if err == nil {
				_, err = m.Fit(x, y, o)
			}
			if err == nil {
				err = m.SetDistributor(ranks[r])
			}
			if err == nil {
				_, err = m.Fit(x, y, o)
			}
			got[r], errs[r] = m.WeightValues(), err
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	for i := range want {
		if !tensor.ArrayEqual(got[0][i], got[1][i]) {
			t.Fatalf("weight %d differs between the ranks", i)
		}
		if d := tensor.MaxAbsDiff(got[0][i], want[i]); d > 1e-5*math.Max(1, maxAbs(want[i])) {
			t.Errorf("weight %d differs from the one-process run by %g", i, d)
		}
	}
}
