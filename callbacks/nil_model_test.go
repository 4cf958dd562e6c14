package callbacks

import (
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// everyCallback returns one configured instance of every callback, writing
// its files under dir and its messages nowhere.
func everyCallback(dir string) map[string]Callback {
	return map[string]Callback{
		"EarlyStopping":     &EarlyStopping{RestoreBestWeights: true, Verbose: 1, Out: io.Discard, Warn: io.Discard},
		"LearningRate":      &LearningRateScheduler{Schedule: func(_ int, lr float64) float64 { return lr / 2 }, Out: io.Discard},
		"ModelCheckpoint":   &ModelCheckpoint{Filepath: filepath.Join(dir, "w{epoch}.safetensors"), Out: io.Discard, Warn: io.Discard},
		"ReduceLROnPlateau": &ReduceLROnPlateau{Patience: -1, Warn: io.Discard, Out: io.Discard},
		"TensorBoard":       &TensorBoard{LogDir: filepath.Join(dir, "tb"), HistogramFreq: 1, UpdateFreq: 1},
		"TerminateOnNaN":    &TerminateOnNaN{Out: io.Discard},
		"CSVLogger":         &CSVLogger{Filename: filepath.Join(dir, "log.csv")},
		"History":           &History{},
		"ProgbarLogger":     &ProgbarLogger{Verbose: 1, Out: io.Discard},
		"LambdaCallback":    &LambdaCallback{EpochEnd: func(int, *Logs) {}},
	}
}

// driveAll sends cb every event of a two-epoch Fit with validation, then
// an Evaluate and a Predict, passing logs (which may be nil) to each; with
// metrics set, the training logs hold a NaN loss and a val_loss.
func driveAll(cb Callback, m Model, logs *Logs, metrics bool) {
	cb.SetModel(m)
	cb.SetParams(Params{Epochs: 2, Steps: 1, Verbose: 1})
	cb.OnTrainBegin(logs)
	for e := range 2 {
		logs.Reset()
		cb.OnEpochBegin(e, logs)
		cb.OnTrainBatchBegin(0, logs)
		if metrics {
			logs.Set("loss", math.NaN())
		}
		cb.OnTrainBatchEnd(0, logs)
		cb.OnTestBegin(nil)
		cb.OnTestBatchBegin(0, nil)
		cb.OnTestBatchEnd(0, nil)
		cb.OnTestEnd(nil)
		if metrics {
			logs.Set("val_loss", float64(2-e))
		}
		cb.OnEpochEnd(e, logs)
	}
	cb.OnTrainEnd(logs)
	cb.OnTestBegin(logs)
	cb.OnTestEnd(logs)
	cb.OnPredictBegin(logs)
	cb.OnPredictBatchBegin(0, logs)
	cb.OnPredictBatchEnd(0, logs)
	cb.OnPredictEnd(logs)
}

// errOf returns the callback's error, or nil if it cannot fail.
func errOf(cb Callback) error {
	if f, ok := cb.(Failer); ok {
		return f.Err()
	}
	return nil
}

// TestCallbacksWithoutModel drives every callback with no model (and with
// nil logs): none panics, and those that need the model report it through
// Failer, while the others (and those that did not need it yet, as in
// Keras) carry on.
func TestCallbacksWithoutModel(t *testing.T) {
	// needsModel lists, per case, the callbacks that must fail.
	cases := []struct {
		name       string
		model      bool
		logs       bool
		metrics    bool
		needsModel []string
	}{
		{"no model, metrics", false, true, true,
			[]string{"EarlyStopping", "LearningRate", "ModelCheckpoint", "ReduceLROnPlateau", "TensorBoard", "TerminateOnNaN"}},
		{"no model, empty logs", false, true, false,
			[]string{"LearningRate", "ModelCheckpoint", "ReduceLROnPlateau", "TensorBoard"}},
		{"no model, nil logs", false, false, false,
			[]string{"LearningRate", "ModelCheckpoint", "ReduceLROnPlateau", "TensorBoard"}},
		{"model, nil logs", true, false, false, nil},
		{"model, metrics", true, true, true, nil},
	}
	for _, tc := range cases {
		for name, cb := range everyCallback(t.TempDir()) {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				var m Model
				if tc.model {
					m = &fakeModel{lr: 0.1}
				}
				var logs *Logs
				if tc.logs {
					logs = &Logs{}
				}
				driveAll(cb, m, logs, tc.metrics)
				err := errOf(cb)
				want := false
				for _, n := range tc.needsModel {
					want = want || n == name
				}
				switch {
				case want && (err == nil || !strings.Contains(err.Error(), "SetModel")):
					t.Errorf("Err() = %v, want a no-model error", err)
				case !want && err != nil:
					t.Errorf("Err() = %v, want nil", err)
				}
			})
		}
	}
}

// TestLogsNil checks that nil Logs read as empty and ignore writes.
func TestLogsNil(t *testing.T) {
	var l *Logs
	l.Set("loss", 1)
	l.Reset()
	if _, ok := l.Get("loss"); ok || l.Len() != 0 || l.Keys() != nil || l.Clone().Len() != 0 {
		t.Errorf("nil Logs not empty: len %d keys %v", l.Len(), l.Keys())
	}
}
