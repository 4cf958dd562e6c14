package main

import (
	"bytes"
	"github.com/neurite/neurite/models"
	"strings"
	"testing"
)

func TestLectureRegressionRuns(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, 3, false, models.OneLinePerEpoch); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"dense (Dense)                (None, 1)                 14", "Epoch 3/3\n", " - val_mae: ", "test loss (mse): "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
