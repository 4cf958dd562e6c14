package models

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/saving"
)

func TestFitWithEarlyStoppingCheckpointAndCSVLogger(t *testing.T) {
	x, y := linearData(100)
	m := regressionModel(1)
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.05}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// A MinDelta no epoch can beat: epoch 0 is the best (the first value
	// always improves on +Inf), the wait reaches Patience 2 at epoch 2, and
	// the weights of epoch 0 come back at the end.
	es := &callbacks.EarlyStopping{MinDelta: 1e9, Patience: 2, RestoreBestWeights: true}
	ckpt := &callbacks.ModelCheckpoint{Filepath: filepath.Join(dir, "ckpt-{epoch:02d}-{val_loss:.4f}.safetensors")}
	csvPath := filepath.Join(dir, "log.csv")
	csv := &callbacks.CSVLogger{Filename: csvPath}
	hist, err := m.Fit(x, y, FitOptions{Epochs: 20, ValidationSplit: 0.2, Verbose: Silent,
		Callbacks: []callbacks.Callback{es, ckpt, csv}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Epoch) != 3 || es.StoppedEpoch() != 2 || es.BestEpoch() != 0 {
		t.Fatalf("ran epochs %v, stopped at %d, best %d; want 3 epochs, stop at 2, best 0", hist.Epoch, es.StoppedEpoch(), es.BestEpoch())
	}
	// One checkpoint per epoch, named from the epoch (from 1) and val_loss.
	vl := hist.History["val_loss"]
	var want []string
	for e := range 3 {
		want = append(want, filepath.Join(dir, fmt.Sprintf("ckpt-%02d-%.4f.safetensors", e+1, vl[e])))
	}
	if strings.Join(ckpt.Saved(), "\n") != strings.Join(want, "\n") {
		t.Fatalf("saved\n%s\nwant\n%s", strings.Join(ckpt.Saved(), "\n"), strings.Join(want, "\n"))
	}
	// The model holds epoch 0's weights again: those of the first
	// checkpoint, not those of the last.
	_, first, err := saving.LoadWeights(want[0])
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := saving.LoadWeights(want[2])
	if err != nil {
		t.Fatal(err)
	}
	if !sameWeights(m.WeightValues(), first) || sameWeights(first, last) {
		t.Fatalf("weights after training are not epoch 0's")
	}
	// The CSV file holds History's numbers exactly (Python's repr reads back
	// to the same float64).
	text, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(text), "\r\n"), "\r\n")
	if len(lines) != 4 || lines[0] != "epoch,loss,val_loss" {
		t.Fatalf("CSV:\n%s", text)
	}
	for e, line := range lines[1:] {
		f := strings.Split(line, ",")
		if f[0] != strconv.Itoa(e) {
			t.Fatalf("row %d: %q", e, line)
		}
		for k, key := range []string{"loss", "val_loss"} {
			v, err := strconv.ParseFloat(f[k+1], 64)
			if err != nil || v != hist.History[key][e] {
				t.Errorf("row %d %s = %q, History has %v", e, key, f[k+1], hist.History[key][e])
			}
		}
	}
	// A checkpoint loads into a fresh model of the same architecture.
	m2 := regressionModel(99)
	if err := m2.BuildFor(2); err != nil {
		t.Fatal(err)
	}
	if err := m2.LoadWeights(want[0]); err != nil {
		t.Fatal(err)
	}
	if !sameWeights(m2.WeightValues(), m.WeightValues()) {
		t.Fatal("LoadWeights did not reproduce the weights")
	}
}

func TestTerminateOnNaNStopsFitWithinTheEpoch(t *testing.T) {
	x, y := linearData(100)
	// Fit rejects NaN labels, so make the first batch's loss overflow
	// float32 instead: (3e38)² is +Inf. NoShuffle keeps it in batch 0.
	y.Set(3e38, 0)
	m := regressionModel(1)
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	batches, epochEnds := 0, 0
	count := &callbacks.LambdaCallback{
		BatchEnd: func(int, *callbacks.Logs) { batches++ },
		EpochEnd: func(int, *callbacks.Logs) { epochEnds++ },
	}
	var out bytes.Buffer
	hist, err := m.Fit(x, y, FitOptions{Epochs: 5, BatchSize: 10, NoShuffle: true, Verbose: Silent,
		Callbacks: []callbacks.Callback{&callbacks.TerminateOnNaN{Out: &out}, count}})
	if err != nil {
		t.Fatal(err)
	}
	// Keras checks stop_training after every batch: one batch of ten runs,
	// the epoch still ends (with its callbacks), and no other epoch starts.
	if batches != 1 || epochEnds != 1 || len(hist.Epoch) != 1 {
		t.Fatalf("%d batches, %d epoch ends, history %v; want 1, 1, [0]", batches, epochEnds, hist.Epoch)
	}
	if out.String() != "Batch 0: Invalid loss, terminating training\n" {
		t.Fatalf("printed %q", out.String())
	}
}

func TestFitReturnsCallbackErrorsAndStillEndsTraining(t *testing.T) {
	x, y := linearData(40)
	m := regressionModel(1)
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	ended := 0
	end := &callbacks.LambdaCallback{TrainEnd: func(*callbacks.Logs) { ended++ }}
	// A CSV file that cannot be opened fails before the first epoch.
	bad := &callbacks.CSVLogger{Filename: filepath.Join(t.TempDir(), "missing", "log.csv")}
	hist, err := m.Fit(x, y, FitOptions{Epochs: 3, Verbose: Silent, Callbacks: []callbacks.Callback{bad, end}})
	if err == nil || !strings.Contains(err.Error(), "CSVLogger") || len(hist.Epoch) != 0 || ended != 1 {
		t.Fatalf("err %v, epochs %v, train ends %d", err, hist.Epoch, ended)
	}
	// A file name that cannot be formatted fails at the end of epoch 0.
	ckpt := &callbacks.ModelCheckpoint{Filepath: filepath.Join(t.TempDir(), "{val_loss}")}
	hist, err = m.Fit(x, y, FitOptions{Epochs: 3, Verbose: Silent, Callbacks: []callbacks.Callback{ckpt, end}})
	if err == nil || !strings.Contains(err.Error(), `ModelCheckpoint: cannot format Filepath`) || len(hist.Epoch) != 1 || ended != 2 {
		t.Fatalf("err %v, epochs %v, train ends %d", err, hist.Epoch, ended)
	}
}

func TestHistoryRecordsTheLearningRateOfCallbacks(t *testing.T) {
	x, y := linearData(40)
	m := regressionModel(1)
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.04}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	// No epoch after the first beats MinDelta, so with Patience 1 every
	// later epoch halves the rate.
	r := &callbacks.ReduceLROnPlateau{Monitor: "loss", Factor: 0.5, Patience: 1, MinDelta: 1e9}
	hist, err := m.Fit(x, y, FitOptions{Epochs: 4, Verbose: Silent, Callbacks: []callbacks.Callback{r}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(hist.History["lr"]); got != "[0.04 0.04 0.02 0.01]" {
		t.Fatalf("History lr %s, want [0.04 0.04 0.02 0.01]", got)
	}
	// The rate lives in a float32 variable, as in Keras.
	if lr, _ := m.LearningRate(); lr != float64(float32(0.005)) {
		t.Fatalf("final rate %v, want float32(0.005)", lr)
	}
	// LearningRateScheduler sets the rate at each epoch begin.
	s := &callbacks.LearningRateScheduler{Schedule: func(epoch int, _ float64) float64 { return 0.1 / float64(epoch+1) }}
	hist, err = m.Fit(x, y, FitOptions{Epochs: 2, Verbose: Silent, Callbacks: []callbacks.Callback{s}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(hist.History["lr"]); got != "[0.1 0.05]" {
		t.Fatalf("History lr %s, want [0.1 0.05]", got)
	}
}
