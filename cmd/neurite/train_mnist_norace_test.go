//go:build !race

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurite/neurite/datasets"
)

// TestTrainMNISTMLP runs "neurite train mnist-mlp --epochs 1 --json": one
// epoch on all 60,000 images must classify at least 95% of the test images
// (it reaches 96.7% with the default seed), validating on the test set as
// Keras's example does, with batches of 128 (469 steps). It takes about
// 6 s; under the race detector it would take over 30 s, so it is left out
// there (examples/mnist_mlp's test trains the same model under -race).
func TestTrainMNISTMLP(t *testing.T) {
	if testing.Short() {
		t.Skip("trains one epoch on MNIST")
	}
	d := os.Getenv(datasets.DataEnv)
	if d == "" {
		t.Skipf("%s is not set; set it to the folder whose mnist/ holds the MNIST files (../shared/datasets from the repository root) to run this test", datasets.DataEnv)
	}
	if _, err := os.Stat(filepath.Join(d, "mnist", datasets.MNISTFiles()[0].Name)); err != nil {
		t.Skipf("%s=%s lacks the MNIST files; test skipped", datasets.DataEnv, d)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "mnist-mlp", "--epochs", "1", "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var res map[string]any
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	for _, key := range []string{"dataset", "epochs", "train", "validation", "test", "seconds_per_epoch"} {
		if _, ok := res[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, out.String())
		}
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Dataset != "mnist-mlp" || r.Epochs != 1 || r.SecondsPerEpoch <= 0 {
		t.Errorf("got %+v", r)
	}
	if r.Test["accuracy"] < 0.95 {
		t.Errorf("test accuracy %.4f after one epoch, want at least 0.95", r.Test["accuracy"])
	}
	// The test set validates: the last validation scores are the test scores.
	if v := r.Validation["accuracy"]; v != r.Test["accuracy"] {
		t.Errorf("validation accuracy %v, test accuracy %v: want the test set as validation data", v, r.Test["accuracy"])
	}
}
