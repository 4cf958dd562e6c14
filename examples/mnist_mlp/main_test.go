package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/models"
)

// needMNIST skips the test, saying why, unless the MNIST files are in
// $NEURITE_DATA/mnist (CI points NEURITE_DATA at the shared datasets
// folder). Tests never download.
func needMNIST(t *testing.T) {
	t.Helper()
	d := os.Getenv(datasets.DataEnv)
	if d == "" {
		t.Skipf("%s is not set; set it to the folder whose mnist/ holds the MNIST files (../shared/datasets from the repository root) to run this test", datasets.DataEnv)
	}
	for _, f := range datasets.MNISTFiles() {
		if _, err := os.Stat(filepath.Join(d, "mnist", f.Name)); err != nil {
			t.Skipf("%s=%s lacks mnist/%s; MNIST test skipped", datasets.DataEnv, d, f.Name)
		}
	}
}

// trainSubset trains the example on the first n training images for one
// epoch and returns the test accuracy on all 10,000 test images.
func trainSubset(t *testing.T, n int) float64 {
	t.Helper()
	needMNIST(t)
	var out bytes.Buffer
	acc, err := run(&out, config{epochs: 1, batchSize: 128, seed: 1, verbose: models.OneLinePerEpoch, trainSamples: n})
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"10000 test samples\n", "Total params: 669,706", "Epoch 1/1\n", " - val_accuracy: ", "Test accuracy: "} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	t.Logf("%d training images, 1 epoch: test accuracy %.4f", n, acc)
	return acc
}
