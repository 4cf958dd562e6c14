package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurite/neurite/tensorboard"
)

// neurite train --tensorboard writes Keras's layout, whose last epoch
// holds the final metrics the command reports.
func TestTrainWritesTensorBoardLogs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	res := runJSON(t, "iris", "--epochs", "3", "--tensorboard", dir)
	runs, err := tensorboard.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	last := func(run, tag string) (int64, float64, int) {
		var step int64 = -1
		var v float64
		n := 0
		for _, s := range runs[run] {
			if s.Tag == tag {
				step, v, n = s.Step, s.Value, n+1
			}
		}
		return step, v, n
	}
	for _, c := range []struct {
		run, tag string
		want     float64
	}{
		{"train", "epoch_loss", res.Train["loss"]},
		{"train", "epoch_accuracy", res.Train["accuracy"]},
		{"train", "epoch_learning_rate", 0.01},
		{"validation", "epoch_loss", res.Validation["loss"]},
		{"validation", "epoch_accuracy", res.Validation["accuracy"]},
	} {
		step, v, n := last(c.run, c.tag)
		if n != 3 || step != 2 || v != float64(float32(c.want)) {
			t.Errorf("%s %s: %d points, last at step %d = %v; want 3 points, step 2 = %v", c.run, c.tag, n, step, v, float32(c.want))
		}
	}
	if len(runs) != 2 {
		t.Errorf("runs %v", runs)
	}

	var out, errOut bytes.Buffer
	if code := run([]string{"tensorboard", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "run ") || !strings.Contains(out.String(), "validation  epoch_accuracy ") || len(lines) != 1+3*7+1 {
		t.Fatalf("table:\n%s", out.String())
	}
}

func TestTensorBoardCommandPrintsATable(t *testing.T) {
	dir := t.TempDir()
	for run, values := range map[string][]float64{"train": {0.5, 0.25}, "validation": {1.5, 1.0 / 3}} {
		w, err := tensorboard.NewWriter(filepath.Join(dir, run))
		if err != nil {
			t.Fatal(err)
		}
		for step, v := range values {
			w.AddScalar("epoch_loss", int64(step), v, time.Time{})
			w.AddScalar("epoch_mae", int64(step), 10*v, time.Time{})
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"tensorboard", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := `run         tag         step  value
train       epoch_loss  0     0.5
train       epoch_loss  1     0.25
train       epoch_mae   0     5
train       epoch_mae   1     2.5
validation  epoch_loss  0     1.5
validation  epoch_loss  1     0.33333334
validation  epoch_mae   0     15
validation  epoch_mae   1     3.3333333
`
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestTensorBoardCommandErrors(t *testing.T) {
	empty := t.TempDir()
	corrupt := t.TempDir()
	w, err := tensorboard.NewWriter(corrupt)
	if err != nil {
		t.Fatal(err)
	}
	w.AddScalar("x", 0, 1, time.Time{})
	w.Close()
	raw, _ := os.ReadFile(w.Path())
	raw[len(raw)-1] ^= 1
	os.WriteFile(w.Path(), raw, 0o644)

	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"tensorboard"}, 2, "Usage: neurite tensorboard DIR"},
		{[]string{"tensorboard", empty, empty}, 2, "Usage"},
		{[]string{"tensorboard", filepath.Join(empty, "none")}, 1, "no such file"},
		{[]string{"tensorboard", empty}, 1, "no TensorBoard event files"},
		{[]string{"tensorboard", corrupt}, 1, "record at byte 40: payload CRC mismatch"},
		{[]string{"train", "--epochs", "1", "--json", "--tensorboard", w.Path()}, 1, "TensorBoard: LogDir"},
	} {
		var out, errOut bytes.Buffer
		if code := run(c.args, &out, &errOut); code != c.code || !strings.Contains(errOut.String(), c.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, code, errOut.String(), c.code, c.msg)
		}
	}
}

// A live log ends inside a record: the command prints what is complete. A
// damaged file is reported after the table of the other runs.
func TestTensorBoardCommandReadsLiveAndDamagedLogs(t *testing.T) {
	dir := t.TempDir()
	paths := map[string]string{}
	for _, run := range []string{"train", "validation"} {
		w, err := tensorboard.NewWriter(filepath.Join(dir, run))
		if err != nil {
			t.Fatal(err)
		}
		w.AddScalar("epoch_loss", 0, 0.5, time.Time{})
		w.AddScalar("epoch_loss", 1, 0.25, time.Time{})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		paths[run] = w.Path()
	}
	raw, _ := os.ReadFile(paths["train"])
	os.WriteFile(paths["train"], raw[:len(raw)-5], 0o644) // mid-record, as between flushes
	var out, errOut bytes.Buffer
	if code := run([]string{"tensorboard", dir}, &out, &errOut); code != 0 ||
		strings.Count(out.String(), "train ") != 1 || strings.Count(out.String(), "validation ") != 2 {
		t.Fatalf("live log: exit %d, stderr %q, table\n%s", code, errOut.String(), out.String())
	}

	raw[40+12] ^= 1 // the first scalar record's payload
	os.WriteFile(paths["train"], raw, 0o644)
	out.Reset()
	errOut.Reset()
	code := run([]string{"tensorboard", dir}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "record at byte 40: payload CRC mismatch") ||
		strings.Count(out.String(), "validation ") != 2 {
		t.Fatalf("damaged log: exit %d, stderr %q, table\n%s", code, errOut.String(), out.String())
	}
}
