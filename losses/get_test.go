package losses

import (
	"reflect"
	"testing"
)

func TestGet(t *testing.T) {
	for name, want := range map[string]string{
		"mse":                             "mean_squared_error",
		"MSE":                             "mean_squared_error",
		"mean_squared_error":              "mean_squared_error",
		"MeanSquaredError":                "mean_squared_error",
		"mae":                             "mean_absolute_error",
		"mean_absolute_error":             "mean_absolute_error",
		"mape":                            "mean_absolute_percentage_error",
		"MAPE":                            "mean_absolute_percentage_error",
		"mean_absolute_percentage_error":  "mean_absolute_percentage_error",
		"msle":                            "mean_squared_logarithmic_error",
		"mean_squared_logarithmic_error":  "mean_squared_logarithmic_error",
		"huber":                           "huber_loss",
		"Huber":                           "huber_loss",
		"log_cosh":                        "log_cosh",
		"logcosh":                         "log_cosh",
		"LogCosh":                         "log_cosh",
		"kld":                             "kl_divergence",
		"KLD":                             "kl_divergence",
		"kl_divergence":                   "kl_divergence",
		"kullback_leibler_divergence":     "kl_divergence",
		"KLDivergence":                    "kl_divergence",
		"poisson":                         "poisson",
		"cosine_similarity":               "cosine_similarity",
		"CosineSimilarity":                "cosine_similarity",
		"hinge":                           "hinge",
		"squared_hinge":                   "squared_hinge",
		"categorical_hinge":               "categorical_hinge",
		"bce":                             "binary_crossentropy",
		"binary_crossentropy":             "binary_crossentropy",
		"BinaryCrossentropy":              "binary_crossentropy",
		"binary_focal_crossentropy":       "binary_focal_crossentropy",
		"Categorical_Crossentropy":        "categorical_crossentropy",
		"categorical_focal_crossentropy":  "categorical_focal_crossentropy",
		"sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
		" SparseCategoricalCrossentropy ": "sparse_categorical_crossentropy",
	} {
		l, err := Get(name)
		if err != nil {
			t.Errorf("Get(%q): %v", name, err)
			continue
		}
		if l.Name() != want {
			t.Errorf("Get(%q).Name() = %q, want %q", name, l.Name(), want)
		}
	}
	if l, _ := Get("binary_crossentropy"); l.(BinaryCrossentropy).FromLogits {
		t.Error("Get gives from_logits=True; Keras's default is False")
	}
	_, err := Get("dice")
	if err == nil {
		t.Fatal("Get(dice): no error")
	}
	wantErrContains(t, err, `"dice"`, "mse", "mean_absolute_error", "sparse_categorical_crossentropy", "log_cosh", "kld")
}

// TestGetGivesZeroValues checks that Get returns each loss's zero value,
// which TestCatalogValues pins to Keras's defaults (from_logits False,
// delta 1, gamma 2, alpha 0.25, axis -1, "sum_over_batch_size").
func TestGetGivesZeroValues(t *testing.T) {
	for _, n := range Names() {
		l, err := Get(n)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.ValueOf(l).IsZero() {
			t.Errorf("Get(%q) = %#v, want the zero value", n, l)
		}
		if back, err := Get(l.Name()); err != nil || back != l {
			t.Errorf("Get(%q) = %v, %v: Name does not round-trip", l.Name(), back, err)
		}
	}
}
