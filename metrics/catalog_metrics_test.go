package metrics

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestTopKKerasExamples(t *testing.T) {
	// Keras's documented examples (k = 1): 0.5 for both forms.
	yp := f32([]float32{0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3)
	near(t, "sparse k=1", evalMetric(t, SparseTopKCategoricalAccuracy{K: 1}, i64([]int64{2, 1}, 2), yp), 0.5)
	near(t, "categorical k=1", evalMetric(t, TopKCategoricalAccuracy{K: 1}, f32([]float32{0, 0, 1, 0, 1, 0}, 2, 3), yp), 0.5)
	// The default k, 5, exceeds the 3 classes: every sample is in.
	near(t, "sparse default", evalMetric(t, SparseTopKCategoricalAccuracy{}, i64([]int64{2, 0}, 2), yp), 1)
}

func TestTopKByHand(t *testing.T) {
	yp := f32([]float32{
		0.1, 0.5, 0.4, 0.0, // label 2: one larger (0.5) → in for k ≥ 2
		0.3, 0.3, 0.3, 0.1, // label 0: ties, none larger → in for every k
		0.6, 0.1, 0.3, 0.0, // label 1: two larger → in for k ≥ 3
		0.2, 0.1, 0.3, 0.4, // label 3: the largest → in
	}, 4, 4)
	labels := []int64{2, 0, 1, 3}
	oneHot := tensor.New(tensor.Float32, 4, 4)
	for i, c := range labels {
		oneHot.Set(1, i, int(c))
	}
	for k, want := range map[int]float64{1: 0.5, 2: 0.75, 3: 1, 4: 1} {
		near(t, "sparse", evalMetric(t, SparseTopKCategoricalAccuracy{K: k}, i64(labels, 4), yp), want)
		near(t, "sparse (N, 1)", evalMetric(t, SparseTopKCategoricalAccuracy{K: k}, i64(labels, 4, 1), yp), want)
		near(t, "float labels", evalMetric(t, SparseTopKCategoricalAccuracy{K: k}, f32([]float32{2.7, 0, 1.2, 3}, 4), yp), want)
		near(t, "categorical", evalMetric(t, TopKCategoricalAccuracy{K: k}, oneHot, yp), want)
	}
}

func TestTopKOutOfRangeAndNonFinite(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	yp := f32([]float32{0.1, 0.2, 0.3, nan, 0.2, 0.1, inf, 0, 0}, 3, 3)
	// Row 0 label 5: outside the classes, out. Row 1 label 0: NaN, out.
	// Row 2 label 0: +Inf, out (tf.math.in_top_k's rule).
	near(t, "k=3", evalMetric(t, SparseTopKCategoricalAccuracy{K: 3}, i64([]int64{5, 0, 0}, 3), yp), 0)
	near(t, "k=3 valid", evalMetric(t, SparseTopKCategoricalAccuracy{K: 3}, i64([]int64{1, 1, 1}, 3), yp), 1)
}

func TestTopKErrors(t *testing.T) {
	err := buildErr(t, TopKCategoricalAccuracy{K: 2}, tensor.Int64, []int{-1}, []int{-1, 4})
	wantErrContains(t, err, "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "(None,)", "(None, 4)")
	err = buildErr(t, SparseTopKCategoricalAccuracy{}, tensor.Float32, []int{-1, 4}, []int{-1, 4})
	wantErrContains(t, err, "sparse_top_k_categorical_accuracy", "(None, 4)")
	err = buildErr(t, SparseTopKCategoricalAccuracy{K: -1}, tensor.Int64, []int{-1}, []int{-1, 4})
	wantErrContains(t, err, "k must be positive, got -1")
	err = buildErr(t, SparseTopKCategoricalAccuracy{}, tensor.Int64, []int{-1}, []int{-1, -1})
	wantErrContains(t, err, "known number of classes")
}

func TestRegressionCatalogKerasExamples(t *testing.T) {
	// Keras's documented examples: y_true [[0, 1], [0, 0]], y_pred
	// [[1, 1], [0, 0]]. The wanted values come from the formulas in
	// float64.
	yt := f32([]float32{0, 1, 0, 0}, 2, 2)
	yp := f32([]float32{1, 1, 0, 0}, 2, 2)
	// MAPE: one error of 1 over max(0, ε): 100·(1/ε)/4 = 2.5e8.
	mape := evalMetric(t, MeanAbsolutePercentageError{}, yt, yp)
	if math.Abs(mape-2.5e8) > 2.5e8*1e-6 {
		t.Errorf("mape = %g, want 2.5e8", mape)
	}
	l := math.Log(2) - math.Log1p(1e-7)
	near(t, "msle", evalMetric(t, MeanSquaredLogarithmicError{}, yt, yp), l*l/4) // Keras: 0.12011322
	near(t, "logcosh", evalMetric(t, LogCoshError{}, yt, yp), math.Log(math.Cosh(1))/4)
	// Cosine: rows [0, 1]·[1, 0] → 0 and [1, 1]·[1, 1] → 1; mean 0.5.
	near(t, "cosine", evalMetric(t, CosineSimilarity{}, f32([]float32{0, 1, 1, 1}, 2, 2), f32([]float32{1, 0, 1, 1}, 2, 2)), 0.5)
}

func TestRegressionCatalogByHand(t *testing.T) {
	yt := f32([]float32{2, -4, 0.5, 1}, 2, 2)
	yp := f32([]float32{1, -2, 0.5, -1}, 2, 2)
	// |Δ|/|y|: 0.5, 0.5, 0, 2 → mean 0.75 → 75.
	near(t, "mape", evalMetric(t, MeanAbsolutePercentageError{}, yt, yp), 75)
	lg := func(x float64) float64 { return math.Log(math.Max(x, 1e-7) + 1) }
	sq := func(p, y float64) float64 { d := lg(p) - lg(y); return d * d }
	near(t, "msle", evalMetric(t, MeanSquaredLogarithmicError{}, yt, yp), (sq(1, 2)+sq(-2, -4)+sq(0.5, 0.5)+sq(-1, 1))/4)
	lc := func(x float64) float64 { return math.Log(math.Cosh(x)) }
	near(t, "logcosh", evalMetric(t, LogCoshError{}, yt, yp), (lc(1)+lc(2)+0+lc(2))/4)
	// Cosine per row: (2·1 + (−4)(−2))/(√20·√5) = 1; (0.25 − 1)/(√1.25·√1.25) = −0.6.
	near(t, "cosine", evalMetric(t, CosineSimilarity{}, yt, yp), 0.2)
	near(t, "cosine axis -1", evalMetric(t, CosineSimilarity{Axis: -1}, yt, yp), 0.2)
	// Along axis 1 of (N, 2, 1) vectors: the same as above.
	near(t, "cosine axis 1", evalMetric(t, CosineSimilarity{Axis: 1}, f32([]float32{2, -4, 0.5, 1}, 2, 2, 1), f32([]float32{1, -2, 0.5, -1}, 2, 2, 1)), 0.2)
	// A zero vector gives 0.
	near(t, "cosine zero", evalMetric(t, CosineSimilarity{}, f32([]float32{0, 0}, 1, 2), f32([]float32{1, 2}, 1, 2)), 0)
	// A large error stays finite in log-cosh: log cosh(100) = 100 − log 2.
	near(t, "logcosh large", evalMetric(t, LogCoshError{}, f32([]float32{0}, 1, 1), f32([]float32{100}, 1, 1)), 100-math.Ln2)
	err := buildErr(t, CosineSimilarity{Axis: 2}, tensor.Float32, []int{-1, 3}, []int{-1, 3})
	wantErrContains(t, err, "cosine_similarity", "axis 2", "(None, 3)")
	err = buildErr(t, MeanAbsolutePercentageError{}, tensor.Float32, []int{-1, 3}, []int{-1, 2})
	wantErrContains(t, err, "mean_absolute_percentage_error", "(None, 3)", "(None, 2)")
}

func TestGetCatalogNames(t *testing.T) {
	for name, want := range map[string]struct {
		shown string
		is    Metric
	}{
		"top_k_categorical_accuracy":        {"top_k_categorical_accuracy", TopKCategoricalAccuracy{}},
		"sparse_top_k_categorical_accuracy": {"sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy{}},
		"mape":                              {"mape", MeanAbsolutePercentageError{}},
		"MAPE":                              {"mape", MeanAbsolutePercentageError{}},
		"mean_absolute_percentage_error":    {"mean_absolute_percentage_error", MeanAbsolutePercentageError{}},
		"msle":                              {"msle", MeanSquaredLogarithmicError{}},
		"mean_squared_logarithmic_error":    {"mean_squared_logarithmic_error", MeanSquaredLogarithmicError{}},
		"log_cosh_error":                    {"log_cosh_error", LogCoshError{}},
		"cosine_similarity":                 {"cosine_similarity", CosineSimilarity{}},
	} {
		m, err := Get(name)
		if err != nil {
			t.Errorf("Get(%q): %v", name, err)
			continue
		}
		inner := m
		if n, ok := m.(Named); ok {
			inner = n.Metric
		}
		if m.Name() != want.shown || inner != want.is {
			t.Errorf("Get(%q) = %s shown as %q, want %T shown as %q", name, describe(m), m.Name(), want.is, want.shown)
		}
	}
}
