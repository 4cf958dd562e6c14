package metrics

import "testing"

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
		if inner != want.is {
			t.Errorf("Get(%q) computes %s, want %T", name, describe(m), want.is)
		}
	}
	_, err := Get("auc")
	if err == nil {
		t.Fatal("Get(auc): no error")
	}
	wantErrContains(t, err, `"auc"`, "accuracy", "mae", "sparse_categorical_accuracy")
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
