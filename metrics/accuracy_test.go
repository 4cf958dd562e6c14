package metrics

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestBinaryAccuracy(t *testing.T) {
	// Keras's documented example: y_true [[1], [1], [0], [0]],
	// y_pred [[0.98], [1], [0], [0.6]] → predicted [1, 1, 0, 1] → 3/4.
	yt := f32([]float32{1, 1, 0, 0}, 4, 1)
	yp := f32([]float32{0.98, 1, 0, 0.6}, 4, 1)
	near(t, "binary_accuracy", evalMetric(t, BinaryAccuracy{}, yt, yp), 0.75)
	// Labels (4,) and int64 labels fit too.
	near(t, "binary_accuracy (4,)", evalMetric(t, BinaryAccuracy{}, f32([]float32{1, 1, 0, 0}, 4), yp), 0.75)
	near(t, "binary_accuracy int", evalMetric(t, BinaryAccuracy{}, i64([]int64{1, 1, 0, 0}, 4, 1), yp), 0.75)
	// Threshold 0.7: predicted [1, 1, 0, 0] → 4/4.
	near(t, "threshold 0.7", evalMetric(t, BinaryAccuracy{Threshold: 0.7}, yt, yp), 1)
	// The comparison is strict: 0.5 counts as 0. Per sample the mean over
	// the last axis: [[1, 0]] vs [[0.5, 0.2]] → predicted [0, 0] → 1/2.
	near(t, "at threshold", evalMetric(t, BinaryAccuracy{}, f32([]float32{1, 0}, 1, 2), f32([]float32{0.5, 0.2}, 1, 2)), 0.5)
}

func TestCategoricalAccuracy(t *testing.T) {
	// Keras's documented example: y_true [[0, 0, 1], [0, 1, 0]],
	// y_pred [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] → argmax 1 vs 2 (miss),
	// 1 vs 1 (hit) → 1/2.
	yt := f32([]float32{0, 0, 1, 0, 1, 0}, 2, 3)
	yp := f32([]float32{0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3)
	near(t, "categorical_accuracy", evalMetric(t, CategoricalAccuracy{}, yt, yp), 0.5)
	near(t, "categorical_accuracy int", evalMetric(t, CategoricalAccuracy{},
		i64([]int64{0, 0, 1, 0, 1, 0}, 2, 3), yp), 0.5)
	err := buildErr(t, CategoricalAccuracy{}, tensor.Int64, []int{-1, 1}, []int{-1, 3})
	wantErrContains(t, err, "categorical_accuracy", "(None, 1)", "(None, 3)", "sparse_categorical_accuracy")
}

func TestSparseCategoricalAccuracy(t *testing.T) {
	// Keras's documented example: y_true [[2], [1]],
	// y_pred [[0.1, 0.6, 0.3], [0.05, 0.95, 0]] → argmax [1, 1] → 1/2.
	yp := f32([]float32{0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3)
	for _, yt := range []*tensor.Tensor{
		f32([]float32{2, 1}, 2, 1),
		f32([]float32{2, 1}, 2),
		i64([]int64{2, 1}, 2),
		i64([]int64{2, 1}, 2, 1),
	} {
		near(t, "sparse_categorical_accuracy", evalMetric(t, SparseCategoricalAccuracy{}, yt, yp), 0.5)
	}
	// A fractional label never matches (Keras compares floats): 1.5 vs 1.
	near(t, "fractional label", evalMetric(t, SparseCategoricalAccuracy{}, f32([]float32{2, 1.5}, 2), yp), 0)
	err := buildErr(t, SparseCategoricalAccuracy{}, tensor.Float32, []int{-1, 3}, []int{-1, 3})
	wantErrContains(t, err, "sparse_categorical_accuracy", "(None, 3)", "(None,) or (None, 1)")
}

func TestAccuracyCalledDirectlyResolvesByShape(t *testing.T) {
	// (4, 1) predictions → binary_accuracy: 3/4 as above.
	near(t, "accuracy binary", evalMetric(t, Accuracy{},
		f32([]float32{1, 1, 0, 0}, 4, 1), f32([]float32{0.98, 1, 0, 0.6}, 4, 1)), 0.75)
	// Class indices → sparse_categorical_accuracy: 1/2.
	near(t, "accuracy sparse", evalMetric(t, Accuracy{},
		i64([]int64{2, 1}, 2), f32([]float32{0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3)), 0.5)
}
