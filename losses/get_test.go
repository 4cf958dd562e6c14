package losses

import (
	"testing"
)

func TestGet(t *testing.T) {
	for name, want := range map[string]string{
		"mse":                             "mean_squared_error",
		"MSE":                             "mean_squared_error",
		"mean_squared_error":              "mean_squared_error",
		"mae":                             "mean_absolute_error",
		"mean_absolute_error":             "mean_absolute_error",
		"binary_crossentropy":             "binary_crossentropy",
		"Categorical_Crossentropy":        "categorical_crossentropy",
		"sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
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
	_, err := Get("hinge")
	if err == nil {
		t.Fatal("Get(hinge): no error")
	}
	wantErrContains(t, err, `"hinge"`, "mse", "mean_absolute_error", "sparse_categorical_crossentropy")
}
