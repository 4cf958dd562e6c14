package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/neurite/neurite/datasets"
)

// TestForecastBeatsNaive runs the example as shipped and checks the
// target: a test MAE at least 20% below the naive forecast's.
func TestForecastBeatsNaive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "forecast.png")
	var out bytes.Buffer
	if err := runAndReport(&out, defaultConfig, path); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)test MAE (\d+\.\d+).*test MAE (\d+\.\d+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no test MAEs in the output:\n%s", out.String())
	}
	lstm, _ := strconv.ParseFloat(m[1], 64)
	naive, _ := strconv.ParseFloat(m[2], 64)
	if !(lstm <= 0.8*naive) {
		t.Errorf("LSTM test MAE %v, naive %v: want at most 80%% of the naive MAE\n%s", lstm, naive, out.String())
	}
	t.Logf("\n%s", out.String())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the picture is not a PNG: %v", err)
	}
	if s := img.Bounds().Size(); s.X < 600 || s.Y < 300 {
		t.Errorf("picture of %v pixels, want at least 600×300", s)
	}
}

// TestWindowsHoldOutTheTail checks that no training target lies in the
// test years, that the test targets are exactly those years, and that
// the naive forecast is the year before.
func TestWindowsHoldOutTheTail(t *testing.T) {
	_, activity, err := datasets.LoadSunspots()
	if err != nil {
		t.Fatal(err)
	}
	c := config{window: 5, testYears: 10}
	xTrain, yTrain, xTest, yTest, split, err := windows(activity, c)
	if err != nil {
		t.Fatal(err)
	}
	s := activity.Float32s()
	n := len(s)
	if split != n-10 || xTrain.Dim(0) != split-5 || yTrain.Dim(0) != split-5 || xTest.Dim(0) != 10 {
		t.Fatalf("split %d, %d training and %d test windows, want %d, %d and 10", split, xTrain.Dim(0), xTest.Dim(0), n-10, split-5)
	}
	for k := range xTrain.Dim(0) { // window k: years k…k+4, target k+5 < split
		if yTrain.Float32s()[k] != s[k+5] || xTrain.Float32s()[5*k+4] != s[k+4] {
			t.Fatalf("training window %d does not end at year %d with target %d", k, k+4, k+5)
		}
	}
	for k := range 10 {
		if yTest.Float32s()[k] != s[split+k] || xTest.Float32s()[5*k+4] != s[split+k-1] {
			t.Fatalf("test window %d does not end the year before its target %d", k, split+k)
		}
	}
	if _, _, _, _, _, err := windows(activity, config{window: 300, testYears: 10}); err == nil {
		t.Error("a window longer than the training years gave no error")
	}
}
