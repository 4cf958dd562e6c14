package metrics

import (
	"fmt"
	"sort"
	"strings"
)

// byName maps every Keras metric name and alias Neurite knows to a
// constructor, so that each Get returns a fresh value.
var byName = map[string]func() Metric{
	"mse":                         func() Metric { return Named{Metric: MeanSquaredError{}, As: "mse"} },
	"mean_squared_error":          func() Metric { return MeanSquaredError{} },
	"mae":                         func() Metric { return Named{Metric: MeanAbsoluteError{}, As: "mae"} },
	"mean_absolute_error":         func() Metric { return MeanAbsoluteError{} },
	"accuracy":                    func() Metric { return Accuracy{} },
	"acc":                         func() Metric { return Named{Metric: Accuracy{}, As: "acc"} },
	"binary_accuracy":             func() Metric { return BinaryAccuracy{} },
	"categorical_accuracy":        func() Metric { return CategoricalAccuracy{} },
	"sparse_categorical_accuracy": func() Metric { return SparseCategoricalAccuracy{} },
	"top_k_categorical_accuracy":  func() Metric { return TopKCategoricalAccuracy{} },
	"sparse_top_k_categorical_accuracy": func() Metric {
		return SparseTopKCategoricalAccuracy{}
	},
	"mean_absolute_percentage_error": func() Metric { return MeanAbsolutePercentageError{} },
	"mape":                           func() Metric { return Named{Metric: MeanAbsolutePercentageError{}, As: "mape"} },
	"mean_squared_logarithmic_error": func() Metric { return MeanSquaredLogarithmicError{} },
	"msle":                           func() Metric { return Named{Metric: MeanSquaredLogarithmicError{}, As: "msle"} },
	"log_cosh_error":                 func() Metric { return Named{Metric: LogCoshError{}, As: "log_cosh_error"} },
	"cosine_similarity":              func() Metric { return CosineSimilarity{} },
	"precision":                      func() Metric { return Precision{} },
	"root_mean_squared_error":        func() Metric { return RootMeanSquaredError{} },
	"rmse":                           func() Metric { return Named{Metric: RootMeanSquaredError{}, As: "rmse"} },
	"recall":                         func() Metric { return Recall{} },
	"auc":                            func() Metric { return AUC{} },
	"f1_score":                       func() Metric { return F1Score{} },
	"f_beta_score":                   func() Metric { return FBetaScore{} },
	"r2_score":                       func() Metric { return R2Score{} },
}

// Get returns the metric with the given Keras name or alias,
// case-insensitively. As in Keras, the metric is shown under the name
// given: "mae" is [MeanAbsoluteError] logged as "mae", "mse" is
// [MeanSquaredError] logged as "mse", "accuracy" and "acc" are [Accuracy]
// (resolved by [Resolve]) logged as "accuracy" and "acc". The full names
// "mean_squared_error", "mean_absolute_error", "binary_accuracy",
// "categorical_accuracy" and "sparse_categorical_accuracy" are accepted
// too, as are "top_k_categorical_accuracy" and
// "sparse_top_k_categorical_accuracy" (k = 5), "mean_absolute_percentage_error"
// ("mape"), "mean_squared_logarithmic_error" ("msle"), "log_cosh_error"
// ([LogCoshError] logged as "log_cosh_error") and "cosine_similarity".
// The accumulated metrics "precision", "recall", "auc", "f1_score",
// "f_beta_score" ([FBetaScore], logged as Keras logs it, "fbeta_score")
// and "r2_score" come with Keras's defaults (F1Score and FBetaScore
// averaged "macro", see [FBetaScore]). Keras also knows "io_u" and
// "mean_io_u" but cannot build them from a name, since NumClasses has no
// default; neither can Get. An unknown name is an error listing the known
// ones.
func Get(name string) (Metric, error) {
	if f, ok := byName[strings.ToLower(strings.TrimSpace(name))]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("metrics: unknown metric %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the known metric names and aliases in sorted order.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
