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

// trainSubset trains the example on the first n training images (10% of
// them held out for validation) for one epoch and returns the test
// accuracy on the first nTest test images.
func trainSubset(t *testing.T, n, nTest int) float64 {
	t.Helper()
	needMNIST(t)
	var out bytes.Buffer
	acc, err := run(&out, config{epochs: 1, batchSize: 128, seed: 1, verbose: models.OneLinePerEpoch, trainSamples: n, testSamples: nTest})
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"x_train shape: (" + itoa(n) + ", 28, 28, 1)\n", itoa(nTest) + " test samples\n",
		"(None, 26, 26, 32)", "(None, 5, 5, 64)", "(None, 1600)", "Total params: 34,826",
		"Epoch 1/1\n", " - val_accuracy: ", "Test accuracy: ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	t.Logf("%d training images, 1 epoch: accuracy %.4f on %d test images", n, acc, nTest)
	return acc
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
