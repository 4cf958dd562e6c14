package tensorboard

import (
	"bytes"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// writeSample writes a file-version event, two scalars, a histogram and a
// tensor scalar, and returns the writer's path.
func writeSample(t *testing.T, dir string) string {
	t.Helper()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1700000000, 250_000_000)
	if err := w.AddScalar("epoch_loss", 0, 0.75, at); err != nil {
		t.Fatal(err)
	}
	if err := w.AddScalar("epoch_loss", 1, 1.0/3, at.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := w.AddHistogram("dense/kernel_0/histogram", 1, []float64{-1, 0.5, 2}, at); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteEvent(&Event{WallTime: 5, Step: 7, Values: []Value{{Tag: "t", Tensor: f64(math.Pi)}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Path()
}

func TestWriteThenReadBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs", "train")
	path := writeSample(t, dir)
	if ok, _ := regexp.MatchString(`^events\.out\.tfevents\.\d{10}\.[^.]+.*\.\d+\.\d+\.v2$`, filepath.Base(path)); !ok || filepath.Dir(path) != dir {
		t.Fatalf("file %s", path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(raw[:12]); got != "1800000000000000a37f4b22" {
		t.Fatalf("file starts %s, not with the 24-byte file-version record", got)
	}
	events, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 5 {
		t.Fatalf("%d events", len(events))
	}
	if e := events[0]; e.FileVersion != "brain.Event:2" || math.Abs(e.WallTime-float64(time.Now().Unix())) > 60 || len(e.Values) != 0 {
		t.Fatalf("first event %+v", e)
	}
	e := events[1]
	if e.Step != 0 || e.WallTime != 1700000000.25 || len(e.Values) != 1 || e.Values[0].Tag != "epoch_loss" || *e.Values[0].Simple != 0.75 {
		t.Fatalf("scalar event %+v", e)
	}
	if x, ok := events[2].Values[0].Scalar(); !ok || events[2].Step != 1 || x != float64(float32(1.0/3)) {
		t.Fatalf("second scalar %+v", events[2])
	}
	h := events[3].Values[0].Histogram
	want, _ := NewHistogram([]float64{-1, 0.5, 2})
	if h == nil || events[3].Values[0].Tag != "dense/kernel_0/histogram" || h.Num != 3 || h.Min != -1 || h.Max != 2 ||
		h.Sum != 1.5 || h.SumSquares != 5.25 || !equalFloats(h.BucketLimit, want.BucketLimit) || !equalFloats(h.Bucket, want.Bucket) {
		t.Fatalf("histogram %+v", h)
	}
	if v := events[4].Values[0]; v.Tensor == nil || *v.Tensor != math.Pi || events[4].Step != 7 {
		t.Fatalf("tensor event %+v", events[4])
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWritersInOneFolderMakeDistinctFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := writeSample(t, dir), writeSample(t, dir)
	if a == b {
		t.Fatalf("both writers wrote %s", a)
	}
	runs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs["."]) != 6 {
		t.Fatalf("runs %v", runs)
	}
}

func TestWriterAfterCloseAndBadFolder(t *testing.T) {
	w, err := NewWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.AddScalar("x", 0, 1, time.Time{}) == nil || w.Close() == nil {
		t.Fatal("writes after Close succeeded")
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewWriter(filepath.Join(file, "sub")); err == nil {
		t.Fatal("NewWriter under a file succeeded")
	}
	w, err = NewWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.AddHistogram("h", 0, []float64{math.NaN()}, time.Time{}); err == nil {
		t.Fatal("NaN histogram accepted")
	}
}

func TestReadDirNamesRunsByFolder(t *testing.T) {
	dir := t.TempDir()
	for _, run := range []string{"train", "validation"} {
		w, err := NewWriter(filepath.Join(dir, run))
		if err != nil {
			t.Fatal(err)
		}
		for step := int64(0); step < 3; step++ {
			if err := w.AddScalar("epoch_loss", step, float64(step)+0.5, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not events"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 {
		t.Fatalf("runs %v", runs)
	}
	for _, run := range []string{"train", "validation"} {
		s := runs[run]
		if len(s) != 3 || s[2].Tag != "epoch_loss" || s[2].Step != 2 || s[2].Value != 2.5 {
			t.Fatalf("%s: %+v", run, s)
		}
	}
}

// A file must decode the same after it is re-encoded (the fuzz target's
// invariant, checked on the sample).
func TestReencodingIsStable(t *testing.T) {
	raw, err := os.ReadFile(writeSample(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	events, err := ReadEvents(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encodeAll(events), raw) {
		t.Fatal("re-encoding the events of a written file gives other bytes")
	}
}

// encodeAll frames the encodings of events.
func encodeAll(events []Event) []byte {
	var b []byte
	for i := range events {
		b = AppendRecord(b, appendEvent(nil, &events[i]))
	}
	return b
}
