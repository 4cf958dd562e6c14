package callbacks

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestEarlyStoppingPatienceTwoStopsAndRestoresTheBestWeights(t *testing.T) {
	// val_loss: best at epoch 1 (0.8); epochs 2 and 3 do not improve, so the
	// wait reaches 2 at epoch 3, which stops training.
	m := &fakeModel{}
	var out bytes.Buffer
	es := &EarlyStopping{Patience: 2, RestoreBestWeights: true, Verbose: 1, Out: &out}
	n, _ := fit(es, m, "val_loss", []float64{1.0, 0.8, 0.9, 0.85, 0.7, 0.6})
	if n != 4 || m.stops != 1 || es.StoppedEpoch() != 3 {
		t.Fatalf("ran %d epochs, %d stops, stopped at %d; want 4 epochs, stop at epoch 3", n, m.stops, es.StoppedEpoch())
	}
	if es.BestEpoch() != 1 || es.Best() != 0.8 || m.w != 1 {
		t.Fatalf("best epoch %d value %v, weights of epoch %v; want epoch 1, 0.8, weights of epoch 1", es.BestEpoch(), es.Best(), m.w)
	}
	want := "Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2.\n"
	if out.String() != want {
		t.Fatalf("printed %q, want %q", out.String(), want)
	}
	if es.Err() != nil || len(es.Warnings()) != 0 {
		t.Fatalf("err %v warnings %q", es.Err(), es.Warnings())
	}
}

func TestEarlyStoppingWithoutRestoreKeepsTheLastWeights(t *testing.T) {
	m := &fakeModel{}
	es := &EarlyStopping{Patience: 2}
	fit(es, m, "val_loss", []float64{1.0, 0.8, 0.9, 0.85, 0.7})
	if m.w != 3 || m.setCalls != 0 {
		t.Fatalf("weights of epoch %v, %d SetWeights calls; want the last epoch's (3), none", m.w, m.setCalls)
	}
}

func TestEarlyStoppingRestoresEvenWhenTrainingRunsToTheEnd(t *testing.T) {
	// tf_keras 2.16 / Keras 3: the best weights come back at train end even
	// though patience never ran out.
	m := &fakeModel{}
	es := &EarlyStopping{Patience: 5, RestoreBestWeights: true}
	n, _ := fit(es, m, "val_loss", []float64{3, 1, 2, 2.5})
	if n != 4 || m.stops != 0 || m.w != 1 {
		t.Fatalf("ran %d epochs, %d stops, weights of epoch %v; want 4, 0, 1", n, m.stops, m.w)
	}
}

func TestEarlyStoppingMinDelta(t *testing.T) {
	series := []float64{1.0, 0.95, 0.91, 0.85, 0.8}
	// Without MinDelta every epoch improves.
	if n, _ := fit(&EarlyStopping{Patience: 2}, &fakeModel{}, "val_loss", series); n != 5 {
		t.Fatalf("without MinDelta ran %d epochs, want 5", n)
	}
	// With 0.1 (its sign ignored, as Keras's abs), 0.95 and 0.91 are not
	// below 1.0 - 0.1, so the wait reaches 2 at epoch 2.
	for _, d := range []float64{0.1, -0.1} {
		es := &EarlyStopping{Patience: 2, MinDelta: d}
		if n, _ := fit(es, &fakeModel{}, "val_loss", series); n != 3 || es.StoppedEpoch() != 2 || es.Best() != 1.0 {
			t.Fatalf("MinDelta %v: ran %d epochs, stopped at %d, best %v; want 3, 2, 1.0", d, n, es.StoppedEpoch(), es.Best())
		}
	}
}

func TestEarlyStoppingModeMaxAndAuto(t *testing.T) {
	// Larger is better: 0.6 at epoch 2 does not beat 0.6 strictly.
	series := []float64{0.5, 0.6, 0.6, 0.7}
	for _, c := range []struct{ monitor, mode string }{
		{"val_accuracy", ""}, {"val_acc", "auto"}, {"auc", ""}, {"val_loss", "max"},
	} {
		es := &EarlyStopping{Monitor: c.monitor, Mode: c.mode, Patience: 1}
		n, _ := fit(es, &fakeModel{}, c.monitor, series)
		if n != 3 || es.Best() != 0.6 || es.BestEpoch() != 1 {
			t.Errorf("%s/%q: ran %d epochs, best %v at %d; want 3 epochs, 0.6 at 1", c.monitor, c.mode, n, es.Best(), es.BestEpoch())
		}
	}
	// "auto" on a name that is not an accuracy means min: the rising series
	// stops at epoch 1.
	es := &EarlyStopping{Monitor: "val_mae", Patience: 0}
	if n, _ := fit(es, &fakeModel{}, "val_mae", series); n != 2 {
		t.Errorf("val_mae auto: ran %d epochs, want 2", n)
	}
}

func TestEarlyStoppingBaseline(t *testing.T) {
	// Epoch 0 improves on the best (+Inf) but not on the baseline 0.5, so
	// the wait is not reset: it is 1 after epoch 0 and 2 after epoch 1.
	series := []float64{0.9, 0.95, 0.97, 0.99}
	m := &fakeModel{}
	es := &EarlyStopping{Patience: 2, Baseline: new(0.5), RestoreBestWeights: true}
	if n, _ := fit(es, m, "val_loss", series); n != 2 || es.StoppedEpoch() != 1 || m.w != 0 {
		t.Fatalf("baseline: ran %d epochs, stopped at %d, weights of %v; want 2, 1, epoch 0", n, es.StoppedEpoch(), m.w)
	}
	// Without the baseline the wait resets at epoch 0 and reaches 2 at 2.
	if n, _ := fit(&EarlyStopping{Patience: 2}, &fakeModel{}, "val_loss", series); n != 3 {
		t.Fatalf("no baseline: ran %d epochs, want 3", n)
	}
	// A value that beats the baseline resets the wait.
	es = &EarlyStopping{Patience: 2, Baseline: new(0.5)}
	if n, _ := fit(es, &fakeModel{}, "val_loss", []float64{0.4, 0.45, 0.3, 0.35, 0.36}); n != 5 || es.StoppedEpoch() != 4 {
		t.Fatalf("beaten baseline: ran %d epochs, stopped at %d; want 5, 4", n, es.StoppedEpoch())
	}
}

func TestEarlyStoppingStartFromEpoch(t *testing.T) {
	series := []float64{1, 2, 3, 4, 5}
	// Patience 0: without warm-up the rise stops training at epoch 1.
	if n, _ := fit(&EarlyStopping{}, &fakeModel{}, "val_loss", series); n != 2 {
		t.Fatalf("no warm-up: ran %d epochs, want 2", n)
	}
	// Epochs 0-2 are not watched; epoch 3 is the first best, epoch 4 stops.
	m := &fakeModel{}
	es := &EarlyStopping{StartFromEpoch: 3, RestoreBestWeights: true}
	if n, _ := fit(es, m, "val_loss", series); n != 5 || es.BestEpoch() != 3 || es.Best() != 4 || m.w != 3 {
		t.Fatalf("warm-up: ran %d epochs, best %v at %d, weights of %v; want 5, 4 at 3, epoch 3", n, es.Best(), es.BestEpoch(), m.w)
	}
}

func TestEarlyStoppingMissingMonitorWarnsAndSkips(t *testing.T) {
	nan := math.NaN()
	m := &fakeModel{}
	var warned bytes.Buffer
	es := &EarlyStopping{Patience: 0, RestoreBestWeights: true, Warn: &warned}
	n, _ := fit(es, m, "val_loss", []float64{nan, nan, nan})
	if n != 3 || m.stops != 0 || es.Err() != nil || m.setCalls != 0 {
		t.Fatalf("ran %d epochs, %d stops, err %v, %d restores", n, m.stops, es.Err(), m.setCalls)
	}
	w := es.Warnings()
	if len(w) != 3 || w[0] != "Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss" {
		t.Fatalf("warnings %q", w)
	}
	if want := "UserWarning: " + w[0] + "\n"; warned.String() != want {
		t.Fatalf("printed %q, want %q once", warned.String(), want)
	}
}

func TestEarlyStoppingPrintsAMisspelledMonitorOncePerRun(t *testing.T) {
	// The model logs val_accuracy; the user asked for Keras 1's val_acc.
	var warned bytes.Buffer
	es := &EarlyStopping{Monitor: "val_acc", Patience: 1, Warn: &warned}
	want := "UserWarning: Early stopping conditioned on metric `val_acc` which is not available. " +
		"Available metrics are: loss,accuracy,val_loss,val_accuracy\n"
	for run := 1; run <= 2; run++ {
		es.SetModel(&fakeModel{})
		es.SetParams(Params{Epochs: 3, Steps: 1})
		logs := &Logs{}
		es.OnTrainBegin(logs)
		for epoch := range 3 {
			logs.Reset()
			es.OnEpochBegin(epoch, logs)
			for i, k := range []string{"loss", "accuracy", "val_loss", "val_accuracy"} {
				logs.Set(k, float64(i)/10)
			}
			es.OnEpochEnd(epoch, logs)
			if got := warned.String(); got != strings.Repeat(want, run) {
				t.Fatalf("run %d, after epoch %d: printed %q, want %q", run, epoch, got, strings.Repeat(want, run))
			}
		}
		es.OnTrainEnd(logs)
		if len(es.Warnings()) != 3 {
			t.Fatalf("run %d: %d warnings, want one per epoch", run, len(es.Warnings()))
		}
	}
}

func TestEarlyStoppingIsReusableAndRejectsBadConfig(t *testing.T) {
	es := &EarlyStopping{Patience: 1}
	fit(es, &fakeModel{}, "val_loss", []float64{1, 2, 3})
	if n, _ := fit(es, &fakeModel{}, "val_loss", []float64{5, 4, 3}); n != 3 || es.StoppedEpoch() != 0 || es.Best() != 3 {
		t.Fatalf("second fit: ran %d epochs, stopped at %d, best %v", n, es.StoppedEpoch(), es.Best())
	}
	for _, c := range []struct {
		es   *EarlyStopping
		want string
	}{
		{&EarlyStopping{Mode: "maximum"}, `EarlyStopping: Mode must be "auto", "min" or "max", got "maximum"`},
		{&EarlyStopping{Patience: -1}, "EarlyStopping: Patience must not be negative"},
		{&EarlyStopping{StartFromEpoch: -2}, "EarlyStopping: StartFromEpoch must not be negative"},
	} {
		m := &fakeModel{}
		fit(c.es, m, "val_loss", []float64{1, 2, 3})
		if err := c.es.Err(); err == nil || !strings.Contains(err.Error(), c.want) || m.stops != 0 {
			t.Errorf("got %v (stops %d), want %q", err, m.stops, c.want)
		}
	}
}
