package metrics

import (
	"testing"

	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/tensor"
)

// FromLoss gives the mean of the per-sample losses whatever the loss's
// reduction, named as the loss.
func TestFromLoss(t *testing.T) {
	yt := f32([]float32{1, 2, 0, 0}, 2, 2)
	yp := f32([]float32{0, 2, 3, 1}, 2, 2)
	// Per-sample squared errors (1 + 0)/2 and (9 + 1)/2.
	for _, l := range []losses.Loss{losses.MeanSquaredError{}, losses.MeanSquaredError{Reduction: losses.ReductionSum}} {
		m := FromLoss(l)
		if m.Name() != "mean_squared_error" {
			t.Errorf("name %q", m.Name())
		}
		near(t, "mse metric", evalMetric(t, m, yt, yp), (0.5+5)/2)
	}
	if _, err := (LossMetric{}).Call(nil, nil); err == nil {
		t.Error("a nil loss gave no error")
	}
	wantErrContains(t, buildErr(t, FromLoss(losses.MeanSquaredError{}), tensor.Float32, []int{-1, 3}, []int{-1, 2}), "mean_squared_error")
}
