package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runJSON runs "neurite train" with --json and decodes the result.
func runJSON(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"train"}, append(args, "--json")...), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var res result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	return res
}

// The lecture's example: linear regression on Boston housing. With
// standardised features the test MSE of a linear model is about 23; the
// lecture's raw-feature run reports 31.26 after 2000 epochs. At 300 epochs
// (a sixth of the default) the standardised model must already be below 40.
func TestTrainBostonReachesALinearModelsQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for 300 epochs")
	}
	res := runJSON(t, "boston", "--epochs", "300", "--lr", "0.01")
	if res.Test["loss"] > 40 || res.Test["mae"] > 4.6 {
		t.Fatalf("test MSE %.2f, MAE %.2f; want below 40 and 4.6", res.Test["loss"], res.Test["mae"])
	}
	if _, ok := res.Validation["loss"]; !ok {
		t.Fatalf("no validation metrics: %+v", res)
	}
}

// neurite train iris must classify at least 28 of the 30 test flowers.
func TestTrainIrisReachesNinetyThreePercent(t *testing.T) {
	res := runJSON(t, "iris", "--epochs", "100")
	if res.Test["accuracy"] < 28.0/30-1e-9 {
		t.Fatalf("test accuracy %.4f, want at least 28/30", res.Test["accuracy"])
	}
}

func TestTrainPrintsKerasProgressAndTestScores(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "--epochs", "2"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := out.String()
	for _, want := range []string{"Epoch 1/2\n", "Epoch 2/2\n", "11/11 [==============================]", " - loss: ", " - mae: ", " - val_loss: ", " - val_mae: ", "Test (102 samples): loss: "} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestBadCommandLines(t *testing.T) {
	for _, args := range [][]string{{}, {"fly"}, {"train", "mnist"}, {"train", "--epochs", "x"}, {"train", "iris", "boston"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
