package metrics

import (
	"reflect"
	"testing"
)

func TestGetShowsTheGivenName(t *testing.T) {
	for name, want := range map[string]struct {
		shown string
		is    Metric
	}{
		"mae":                         {"mae", MeanAbsoluteError{}},
		"MAE":                         {"mae", MeanAbsoluteError{}},
		"mean_absolute_error":         {"mean_absolute_error", MeanAbsoluteError{}},
		"mse":                         {"mse", MeanSquaredError{}},
		"mean_squared_error":          {"mean_squared_error", MeanSquaredError{}},
		"accuracy":                    {"accuracy", Accuracy{}},
		"acc":                         {"acc", Accuracy{}},
		"binary_accuracy":             {"binary_accuracy", BinaryAccuracy{}},
		"categorical_accuracy":        {"categorical_accuracy", CategoricalAccuracy{}},
		"sparse_categorical_accuracy": {"sparse_categorical_accuracy", SparseCategoricalAccuracy{}},
		"precision":                   {"precision", Precision{}},
		"Recall":                      {"recall", Recall{}},
		"AUC":                         {"auc", AUC{}},
		"f1_score":                    {"f1_score", F1Score{}},
		"f_beta_score":                {"fbeta_score", FBetaScore{}},
		"r2_score":                    {"r2_score", R2Score{}},
	} {
		m, err := Get(name)
		if err != nil {
			t.Errorf("Get(%q): %v", name, err)
			continue
		}
		if m.Name() != want.shown {
			t.Errorf("Get(%q).Name() = %q, want %q", name, m.Name(), want.shown)
		}
		inner := m
		if n, ok := m.(Named); ok {
			inner = n.Metric
		}
		if !reflect.DeepEqual(inner, want.is) {
			t.Errorf("Get(%q) computes %s, want %T", name, describe(m), want.is)
		}
	}
	// MeanIoU needs NumClasses, which has no default: no name builds it.
	_, err := Get("mean_io_u")
	if err == nil {
		t.Fatal("Get(mean_io_u): no error")
	}
	wantErrContains(t, err, `"mean_io_u"`, "accuracy", "auc", "mae", "sparse_categorical_accuracy")
}

func TestNamed(t *testing.T) {
	if got := (Named{Metric: MeanAbsoluteError{}}).Name(); got != "mean_absolute_error" {
		t.Errorf("Named without As shows %q", got)
	}
	if _, err := (Named{As: "x"}).Call(nil, nil); err == nil {
		t.Error("Named with a nil metric: no error")
	}
	// Named computes exactly what it wraps: mae 0.55 as in
	// TestMeanSquaredAndAbsoluteError.
	m, _ := Get("mae")
	near(t, "mae", evalMetric(t, m, f32([]float32{0, 1, 0, 0}, 2, 2), f32([]float32{0.6, 0.4, 0.4, 0.6}, 2, 2)), 0.55)
}
