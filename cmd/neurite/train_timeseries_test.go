package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
)

// neurite train timeseries must beat the naive last-value forecast's test
// MAE by at least 20%, and report both in --json.
func TestTrainTimeseriesBeatsNaive(t *testing.T) {
	res := runJSON(t, "timeseries")
	if res.NaiveMAE == nil {
		t.Fatalf("no naive_mae in the JSON: %+v", res)
	}
	naive, got := *res.NaiveMAE, res.Test["mae"]
	if !(got <= 0.8*naive) {
		t.Errorf("test MAE %.3f, naive %.3f: want at most 80%% of the naive MAE", got, naive)
	}
	// The naive forecast's MAE, recomputed from the data: the test years
	// are the last 60, each forecast by the year before.
	_, a, err := datasets.LoadSunspots()
	if err != nil {
		t.Fatal(err)
	}
	s := a.Float32s()
	want := 0.0
	for i := len(s) - 60; i < len(s); i++ {
		want += math.Abs(float64(s[i] - s[i-1]))
	}
	if want /= 60; math.Abs(naive-want) > 1e-4 {
		t.Errorf("naive_mae %v, want %v", naive, want)
	}
	if res.Dataset != "timeseries" || res.Epochs != 60 || res.Train["mae"] == 0 {
		t.Errorf("unexpected result %+v", res)
	}
}

func TestTrainTimeseriesPrintsNaiveMAE(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "timeseries", "--epochs", "1", "--verbose", "0"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if s := out.String(); !strings.Contains(s, "Test (60 samples): loss: ") || !strings.Contains(s, " naive_mae: 25.05") {
		t.Errorf("output lacks the test scores and the naive MAE:\n%s", s)
	}
}

// The JSON of the other examples has no naive_mae.
func TestTrainIrisHasNoNaiveMAE(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "iris", "--epochs", "1", "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String(), "naive_mae") {
		t.Errorf("iris JSON holds naive_mae: %s", out.String())
	}
}
