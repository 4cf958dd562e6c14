package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTrainMNISTMLPRejectsRaw(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "mnist-mlp", "--raw"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "--raw applies to boston and iris only") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestTrainJSONReportsSecondsPerEpoch(t *testing.T) {
	res := runJSON(t, "iris", "--epochs", "3")
	if !(res.SecondsPerEpoch > 0 && res.SecondsPerEpoch < 60) {
		t.Errorf("seconds_per_epoch = %v", res.SecondsPerEpoch)
	}
}

func TestTrainUsageNamesMNIST(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "mnist"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "choose boston, iris, mnist-mlp, mnist-cnn, timeseries or words") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}
