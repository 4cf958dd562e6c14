package callbacks

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestLearningRateSchedulerSetsTheRateAtEpochBeginAndLogsIt(t *testing.T) {
	// Keep the rate for 2 epochs, then halve it each epoch.
	m := &fakeModel{lr: 0.1}
	var out bytes.Buffer
	s := &LearningRateScheduler{Verbose: 1, Out: &out, Schedule: func(epoch int, lr float64) float64 {
		if epoch < 2 {
			return lr
		}
		return lr / 2
	}}
	_, logs := fit(s, m, "val_loss", []float64{1, 1, 1, 1})
	want := []float64{0.1, 0.1, 0.05, 0.025}
	for e, w := range want {
		if got, ok := logs[e].Get("lr"); !ok || got != w {
			t.Errorf("epoch %d logged lr %v, want %v", e, got, w)
		}
	}
	if m.lr != 0.025 || len(m.lrSets) != 4 {
		t.Fatalf("rate %v after %d sets", m.lr, len(m.lrSets))
	}
	if !strings.HasPrefix(out.String(), "\nEpoch 1: LearningRateScheduler setting learning rate to 0.1.\n\nEpoch 2:") {
		t.Errorf("printed %q", out.String())
	}
}

func TestLearningRateSchedulerErrors(t *testing.T) {
	for _, c := range []struct {
		s    *LearningRateScheduler
		m    *fakeModel
		want string
	}{
		{&LearningRateScheduler{}, &fakeModel{}, "LearningRateScheduler: Schedule is nil"},
		{&LearningRateScheduler{Schedule: func(int, float64) float64 { return math.NaN() }}, &fakeModel{}, "returned NaN"},
		{&LearningRateScheduler{Schedule: func(int, float64) float64 { return -1 }}, &fakeModel{}, "returned -1"},
		{&LearningRateScheduler{Schedule: func(int, float64) float64 { return 1 }}, &fakeModel{noLR: true}, "compiled"},
	} {
		fit(c.s, c.m, "val_loss", []float64{1, 1})
		if err := c.s.Err(); err == nil || !strings.Contains(err.Error(), c.want) || len(c.m.lrSets) != 0 {
			t.Errorf("got %v (sets %v), want %q", err, c.m.lrSets, c.want)
		}
	}
}
