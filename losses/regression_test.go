package losses

import (
	"github.com/neurite/neurite/graph"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestMeanSquaredAndAbsoluteError(t *testing.T) {
	// Keras's documented example: y_true [[0, 1], [0, 0]],
	// y_pred [[0.6, 0.4], [0.4, 0.6]].
	//   squared errors  [[0.36, 0.36], [0.16, 0.36]] → per sample [0.36, 0.26] → 0.31
	//   absolute errors [[0.6, 0.6], [0.4, 0.6]]     → per sample [0.6, 0.5]   → 0.55
	yt := f32([]float32{0, 1, 0, 0}, 2, 2)
	yp := f32([]float32{0.6, 0.4, 0.4, 0.6}, 2, 2)
	near(t, "mse", evalLoss(t, MeanSquaredError{}, yt, yp), 0.31)
	near(t, "mae", evalLoss(t, MeanAbsoluteError{}, yt, yp), 0.55)
	// Integer labels are cast to the predictions' dtype.
	yti := i64([]int64{0, 1, 0, 0}, 2, 2)
	near(t, "mse int labels", evalLoss(t, MeanSquaredError{}, yti, yp), 0.31)
}

func TestMeanErrorsLabelsWithoutTheUnitAxis(t *testing.T) {
	// Labels (3,) against predictions (3, 1) count as (3, 1):
	//   y [1, 2, 3], p [[1.5], [2], [2]] → errors −0.5, 0, 1
	//   mse (0.25 + 0 + 1)/3 = 0.41666667; mae (0.5 + 0 + 1)/3 = 0.5
	yp := f32([]float32{1.5, 2, 2}, 3, 1)
	for _, yt := range []*tensor.Tensor{
		f32([]float32{1, 2, 3}, 3),
		f32([]float32{1, 2, 3}, 3, 1),
		i64([]int64{1, 2, 3}, 3),
	} {
		near(t, "mse", evalLoss(t, MeanSquaredError{}, yt, yp), 1.25/3)
		near(t, "mae", evalLoss(t, MeanAbsoluteError{}, yt, yp), 0.5)
	}
	// Labels (3, 1) against predictions (3,) also fit.
	near(t, "mse (3,1) vs (3,)", evalLoss(t, MeanSquaredError{}, f32([]float32{1, 2, 3}, 3, 1), f32([]float32{1.5, 2, 2}, 3)), 1.25/3)
}

func TestMeanErrorsShapeMismatch(t *testing.T) {
	const u = -1
	err := buildErr(t, MeanSquaredError{}, tensor.Float32, []int{u, 3}, []int{u, 1})
	wantErrContains(t, err, "mean_squared_error", "(None, 3)", "(None, 1)")
	err = buildErr(t, MeanAbsoluteError{}, tensor.Float32, []int{u}, []int{u, 3})
	wantErrContains(t, err, "mean_absolute_error", "(None,)", "(None, 3)")
	err = buildErr(t, MeanSquaredError{}, tensor.Float32, []int{u, 2}, []int{u, 3})
	wantErrContains(t, err, "(None, 2)", "(None, 3)")
}

func TestIntegerPredictionsAreAnError(t *testing.T) {
	g := graph.New()
	yt := g.Placeholder("y_true", tensor.Float32, graph.Unknown, 1)
	yp := g.Placeholder("y_pred", tensor.Int64, graph.Unknown, 1)
	_, err := MeanSquaredError{}.Call(yt, yp)
	if err == nil {
		t.Fatal("int64 predictions: no error")
	}
	wantErrContains(t, err, "mean_squared_error", "int64", "(None, 1)")
}
