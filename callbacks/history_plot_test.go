package callbacks

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// plotTestHistory records epochs of falling losses and a rising metric, as
// Fit would: keys in Keras's order loss, mae, val_loss, val_mae.
func plotTestHistory(epochs int) *History {
	h := NewHistory()
	for e := range epochs {
		x := float64(e)
		logs := &Logs{}
		logs.Set("loss", 3*math.Exp(-x/4)+0.2)
		logs.Set("mae", 2*math.Exp(-x/5)+0.1)
		logs.Set("val_loss", 3.2*math.Exp(-x/5)+0.4)
		logs.Set("val_mae", 2.1*math.Exp(-x/6)+0.3)
		h.OnEpochEnd(e, logs)
	}
	return h
}

// plotDecodePNG draws h as PNG and decodes it.
func plotDecodePNG(t *testing.T, h *History) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := h.Plot(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// plotCountColor counts the pixels of exactly colour c.
func plotCountColor(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B && uint8(a>>8) == c.A {
				n++
			}
		}
	}
	return n
}

func TestHistoryPlotPNGHasOnePanelPerMetricAndBothCurves(t *testing.T) {
	img := plotDecodePNG(t, plotTestHistory(30))
	// Two families (loss, mae): 7 × 6 inches at 96 dpi.
	if got, want := img.Bounds().Size(), image.Pt(672, 2*288); got != want {
		t.Fatalf("size %v, want %v", got, want)
	}
	train, val := plotCountColor(img, plotTrainColor), plotCountColor(img, plotValColor)
	// Each curve is 2 px wide and ~600 px long, in two panels: ~1200 px.
	if train < 800 || val < 800 {
		t.Fatalf("curve pixels: train %d, validation %d; want both ≥ 800", train, val)
	}
	// Each panel has both curves: split the picture in halves.
	for i, half := range []image.Rectangle{image.Rect(0, 0, 672, 288), image.Rect(0, 288, 672, 576)} {
		sub := img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(half)
		if plotCountColor(sub, plotTrainColor) < 300 || plotCountColor(sub, plotValColor) < 300 {
			t.Errorf("panel %d lacks a curve", i)
		}
	}

	// Only loss and val_loss: one panel.
	h := &History{History: map[string][]float64{"loss": {3, 2, 1}, "val_loss": {4, 3, 2}}}
	if got, want := plotDecodePNG(t, h).Bounds().Size(), image.Pt(672, 288); got != want {
		t.Fatalf("one family: size %v, want %v", got, want)
	}
}

func TestHistoryPlotSVGNamesTheMetrics(t *testing.T) {
	var buf bytes.Buffer
	if err := plotTestHistory(5).Plot(&buf, "SVG"); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"<svg", ">loss</text>", ">mae</text>", ">epoch</text>", ">train</text>", ">validation</text>"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(s, ">val_loss</text>") {
		t.Error("val_loss has its own panel; it belongs in loss's")
	}
}

func TestHistoryPlotFamilies(t *testing.T) {
	h := NewHistory()
	logs := &Logs{}
	// Keys as a custom loop might log them: loss not first, a validation-only
	// metric, and a key recorded with no value.
	logs.Set("accuracy", 0.5)
	logs.Set("loss", 1)
	logs.Set("val_auc", 0.7)
	logs.Set("val_loss", 1.2)
	logs.Set("val_accuracy", 0.4)
	h.OnEpochEnd(0, logs)
	h.History["empty"] = nil
	got := h.plotFamilies()
	want := []plotFamily{
		{name: "loss", train: "loss", val: "val_loss"},
		{name: "accuracy", train: "accuracy", val: "val_accuracy"},
		{name: "auc", val: "val_auc"},
	}
	if len(got) != len(want) {
		t.Fatalf("families %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("families %+v, want %+v", got, want)
		}
	}
}

func TestHistoryPlotEpochsAreOneBased(t *testing.T) {
	h := NewHistory()
	for _, e := range []int{4, 5, 6} { // a second Fit with initial_epoch 4
		logs := &Logs{}
		logs.Set("loss", float64(e))
		h.OnEpochEnd(e, logs)
	}
	pts := h.plotPoints("loss")
	if len(pts) != 3 || pts[0].X != 5 || pts[2].X != 7 || pts[2].Y != 6 {
		t.Fatalf("points %v, want x 5..7", pts)
	}
	// Values set by hand without epochs: positions from 1.
	h = &History{History: map[string][]float64{"loss": {9, 8}}}
	if pts := h.plotPoints("loss"); pts[0].X != 1 || pts[1].X != 2 {
		t.Fatalf("points %v, want x 1, 2", pts)
	}
}

func TestHistoryPlotSkipsNaNAndInf(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	h := &History{History: map[string][]float64{
		"loss":     {5, nan, 3, inf, 1},
		"val_loss": {nan, nan}, // nothing finite at all
		"mae":      {-inf, 2},  // one point left
	}}
	if pts := h.plotPoints("loss"); len(pts) != 3 || pts[1].X != 3 || pts[1].Y != 3 {
		t.Fatalf("loss points %v, want (1,5) (3,3) (5,1)", pts)
	}
	img := plotDecodePNG(t, h)
	if plotCountColor(img, plotTrainColor) == 0 {
		t.Fatal("no train curve drawn")
	}
	var buf bytes.Buffer
	if err := h.Plot(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryPlotSurvivesExtremeRanges(t *testing.T) {
	for _, vals := range [][]float64{
		{math.MaxFloat64, -math.MaxFloat64}, // range overflows
		{1e16, 1e16 + 2},                    // range below the values' precision
		{7, 7, 7},                           // no range
	} {
		h := &History{History: map[string][]float64{"loss": vals}}
		done := make(chan error, 1)
		go func() { done <- h.Plot(io.Discard, "png") }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: %v", vals, err)
			}
		case <-time.After(time.Minute): // gonum/plot's ticks loop on such ranges
			t.Fatalf("%v: Plot still running after a minute", vals)
		}
	}
}

func TestHistoryPlotErrors(t *testing.T) {
	var buf bytes.Buffer
	for _, h := range []*History{NewHistory(), {}, {History: map[string][]float64{"loss": {}}}} {
		if err := h.Plot(&buf, "png"); err == nil || !strings.Contains(err.Error(), "empty") {
			t.Errorf("empty history: err %v", err)
		}
	}
	if err := plotTestHistory(3).Plot(&buf, "jpeg"); err == nil || !strings.Contains(err.Error(), "jpeg") {
		t.Errorf("jpeg: err %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("failed plots wrote %d bytes", buf.Len())
	}
	if err := plotTestHistory(3).Plot(plotFailingWriter{}, "png"); err == nil {
		t.Error("a failing writer's error was lost")
	}
}

type plotFailingWriter struct{}

func (plotFailingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestHistorySavePlotIsAtomic(t *testing.T) {
	dir := t.TempDir()
	h := plotTestHistory(10)

	pngPath := filepath.Join(dir, "curves.PNG")
	if err := os.WriteFile(pngPath, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.SavePlot(pngPath); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	_, err = png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", pngPath, err)
	}
	svgPath := filepath.Join(dir, "curves.svg")
	if err := h.SavePlot(svgPath); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(svgPath); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Fatalf("%s: %v, not an SVG", svgPath, err)
	}

	// A failed save leaves the old file as it was.
	if err := NewHistory().SavePlot(svgPath); err == nil {
		t.Fatal("empty history saved")
	}
	if b, _ := os.ReadFile(svgPath); !bytes.Contains(b, []byte("<svg")) {
		t.Fatal("a failed save damaged the existing file")
	}

	for _, bad := range []string{"curves.jpg", "curves", "curves.png.txt"} {
		err := h.SavePlot(filepath.Join(dir, bad))
		if err == nil || !strings.Contains(err.Error(), "extension") {
			t.Errorf("%s: err %v, want an extension error", bad, err)
		}
	}
	// A folder that cannot hold files: its "parent" is a regular file.
	if err := h.SavePlot(filepath.Join(pngPath, "x.png")); err == nil {
		t.Error("saved under a regular file")
	}
	if err := h.SavePlot(filepath.Join(dir, "missing", "x.png")); err == nil {
		t.Error("saved into a missing folder")
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "curves.PNG curves.svg" {
		t.Fatalf("folder holds %q, want only the two plots (no temporary files)", names)
	}
	if fi, err := os.Stat(svgPath); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v, %v; want 0644", fi.Mode(), err)
	}
}
