package models

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestRandomTrainingStepAllocatesNothing: a steady-state TrainOnBatch of
// models with Dropout, RandomFlip, RandomTranslation and an LSTM's
// dropouts allocates nothing on the Go heap (the random ops keep no
// state and draw from the step counter in place), and each step advances
// the counter by one.
func TestRandomTrainingStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, c := range resumeCases()[:2] {
		m := c.build()
		x, y := c.x.(*tensor.Tensor), c.y.(*tensor.Tensor)
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
		before := m.step.Int64s()[0]
		got := testing.AllocsPerRun(50, func() {
			if _, err := m.TrainOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		})
		if got != 0 {
			t.Errorf("%s: a steady-state TrainOnBatch allocates %v times, want 0", c.name, got)
		}
		if steps := m.step.Int64s()[0] - before; steps != 51 {
			t.Errorf("%s: %d TrainOnBatch calls advanced the step counter by %d", c.name, 51, steps)
		}
	}
}
