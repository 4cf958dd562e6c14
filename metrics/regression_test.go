package metrics

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestMeanSquaredAndAbsoluteError(t *testing.T) {
	// y_true [[0, 1], [0, 0]], y_pred [[0.6, 0.4], [0.4, 0.6]]:
	//   mse per sample [0.36, 0.26] → 0.31; mae per sample [0.6, 0.5] → 0.55
	yt := f32([]float32{0, 1, 0, 0}, 2, 2)
	yp := f32([]float32{0.6, 0.4, 0.4, 0.6}, 2, 2)
	near(t, "mse", evalMetric(t, MeanSquaredError{}, yt, yp), 0.31)
	near(t, "mae", evalMetric(t, MeanAbsoluteError{}, yt, yp), 0.55)
	// Labels (3,) against predictions (3, 1): errors −0.5, 0, 1 →
	// mse 1.25/3, mae 0.5.
	yt, yp = f32([]float32{1, 2, 3}, 3), f32([]float32{1.5, 2, 2}, 3, 1)
	near(t, "mse (3,)", evalMetric(t, MeanSquaredError{}, yt, yp), 1.25/3)
	near(t, "mae (3,)", evalMetric(t, MeanAbsoluteError{}, yt, yp), 0.5)
	err := buildErr(t, MeanAbsoluteError{}, tensor.Float32, []int{-1, 3}, []int{-1, 1})
	wantErrContains(t, err, "mean_absolute_error", "(None, 3)", "(None, 1)")
}
