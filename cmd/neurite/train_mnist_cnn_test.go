package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
)

func TestTrainMNISTCNNRejectsRaw(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "mnist-cnn", "--raw"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "--raw applies to boston and iris only") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// mnist-cnn's defaults are Keras's example's: batches of 128, 10% of the
// training images held out for validation (unless the flags say
// otherwise), and the convnet of 34,826 parameters; 12 epochs.
func TestMNISTCNNExampleDefaults(t *testing.T) {
	d := os.Getenv(datasets.DataEnv)
	if d == "" {
		t.Skipf("%s is not set; set it to the folder whose mnist/ holds the MNIST files (../shared/datasets from the repository root) to run this test", datasets.DataEnv)
	}
	if _, err := os.Stat(filepath.Join(d, "mnist", datasets.MNISTFiles()[0].Name)); err != nil {
		t.Skipf("%s=%s lacks the MNIST files; test skipped", datasets.DataEnv, d)
	}
	for _, c := range []struct {
		args      []string
		valSplit  float64
		batchSize int
	}{
		{[]string{"mnist-cnn"}, 0.1, 128},
		{[]string{"mnist-cnn", "--validation-split", "0.25", "--batch-size", "64"}, 0.25, 64},
	} {
		var errOut bytes.Buffer
		cfg, err := parseTrain(c.args, &errOut)
		if err != nil {
			t.Fatalf("%v: %v: %s", c.args, err, errOut.String())
		}
		ex, err := trainExamples[cfg.dataset](cfg)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.epochs != 12 || cfg.valSplit != c.valSplit || cfg.batchSize != c.batchSize || ex.xVal != nil {
			t.Errorf("%v: epochs %d, validation split %v, batch %d, validation data %v; want 12, %v, %d, none",
				c.args, cfg.epochs, cfg.valSplit, cfg.batchSize, ex.xVal != nil, c.valSplit, c.batchSize)
		}
		if !ex.xTrain.Shape().Equal([]int{60000, 28, 28, 1}) || !ex.xTest.Shape().Equal([]int{10000, 28, 28, 1}) {
			t.Errorf("data shapes %v and %v", ex.xTrain.Shape(), ex.xTest.Shape())
		}
		var sum bytes.Buffer
		if err := ex.model.Summary(&sum); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Dropout", "(None, 1600)", "Total params: 34,826"} {
			if !strings.Contains(sum.String(), want) {
				t.Errorf("summary lacks %q:\n%s", want, sum.String())
			}
		}
	}
}
