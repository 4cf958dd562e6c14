package callbacks

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// plateau returns n copies of v.
func plateau(v float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// reductions runs r over series and returns the epochs at which the rate
// changed and the rates.
func reductions(r *ReduceLROnPlateau, m *fakeModel, series []float64) (epochs []int, rates []float64, logs []*Logs) {
	r.SetModel(m)
	r.OnTrainBegin(&Logs{})
	for e, v := range series {
		l := &Logs{}
		l.Set("loss", v)
		before := len(m.lrSets)
		r.OnEpochEnd(e, l)
		if len(m.lrSets) > before {
			epochs = append(epochs, e)
			rates = append(rates, m.lr)
		}
		logs = append(logs, l)
	}
	return
}

func TestReduceLROnPlateauPatienceCooldownAndMinLR(t *testing.T) {
	// A flat loss: epoch 0 sets the best; the wait reaches Patience 2 at
	// epoch 2, which halves the rate and starts a cooldown of 2. Epoch 3 is
	// in cooldown (counter 2 → 1, wait stays 0); at epoch 4 the counter
	// reaches 0 and the wait grows to 1; epoch 5 reduces again; and so on.
	// The fourth reduction is clipped to MinLR 0.1, after which lr is not
	// above MinLR and nothing changes.
	m := &fakeModel{lr: 1}
	var out bytes.Buffer
	r := &ReduceLROnPlateau{Monitor: "loss", Factor: 0.5, Patience: 2, Cooldown: 2, MinLR: 0.1, Verbose: 1, Out: &out}
	epochs, rates, logs := reductions(r, m, plateau(1, 14))
	if fmt.Sprint(epochs) != "[2 5 8 11]" || fmt.Sprint(rates) != "[0.5 0.25 0.125 0.1]" {
		t.Fatalf("reduced at %v to %v; want [2 5 8 11] to [0.5 0.25 0.125 0.1]", epochs, rates)
	}
	// "lr" in the logs is the rate in use during the epoch.
	for e, want := range map[int]float64{0: 1, 2: 1, 3: 0.5, 13: 0.1} {
		if got, _ := logs[e].Get("lr"); got != want {
			t.Errorf("epoch %d logged lr %v, want %v", e, got, want)
		}
	}
	if !strings.HasPrefix(out.String(), "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.5.\n\nEpoch 6:") {
		t.Errorf("printed %q", out.String())
	}
	// Keras decrements the cooldown before testing it, so a cooldown of 1
	// changes nothing: with 0 or 1 the reductions come every 2 epochs.
	for _, cd := range []int{0, 1} {
		m := &fakeModel{lr: 1}
		epochs, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Factor: 0.5, Patience: 2, Cooldown: cd}, m, plateau(1, 7))
		if fmt.Sprint(epochs) != "[2 4 6]" {
			t.Errorf("cooldown %d: reduced at %v, want [2 4 6]", cd, epochs)
		}
	}
}

func TestReduceLROnPlateauDefaults(t *testing.T) {
	// Factor 0.1 and Patience 10 by default.
	m := &fakeModel{lr: 0.01}
	epochs, rates, _ := reductions(&ReduceLROnPlateau{Monitor: "loss"}, m, plateau(2, 12))
	if fmt.Sprint(epochs) != "[10]" || rates[0] != 0.01*0.1 {
		t.Fatalf("reduced at %v to %v; want epoch 10 to 0.001", epochs, rates)
	}
	// MinDelta 1e-4 by default: a loss falling by 5e-5 an epoch is a plateau;
	// a negative MinDelta means 0, so the same fall improves every epoch.
	falling := make([]float64, 4)
	for i := range falling {
		falling[i] = 1 - 5e-5*float64(i)
	}
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Patience: 2}, &fakeModel{lr: 1}, falling); fmt.Sprint(e) != "[2]" {
		t.Errorf("default MinDelta: reduced at %v, want [2]", e)
	}
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Patience: 2, MinDelta: -1}, &fakeModel{lr: 1}, falling); len(e) != 0 {
		t.Errorf("MinDelta 0: reduced at %v, want never", e)
	}
	// Patience < 0 means 0: the first epoch without improvement reduces.
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Patience: -1}, &fakeModel{lr: 1}, plateau(1, 2)); fmt.Sprint(e) != "[1]" {
		t.Errorf("Patience 0: reduced at %v, want [1]", e)
	}
}

func TestReduceLROnPlateauModeAndFloat32Comparison(t *testing.T) {
	// "acc" in the name means larger is better: a rising accuracy never
	// plateaus, a falling one does.
	rising := []float64{0.1, 0.2, 0.3, 0.4}
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Mode: "max", Patience: 1}, &fakeModel{lr: 1}, rising); len(e) != 0 {
		t.Errorf("max mode: reduced at %v on a rising series", e)
	}
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Patience: 1}, &fakeModel{lr: 1}, rising); fmt.Sprint(e) != "[1 2 3]" {
		t.Errorf("min mode: reduced at %v, want [1 2 3]", e)
	}
	// Keras compares lr with MinLR in float32: 0.1+1e-12 is not above 0.1.
	if e, _, _ := reductions(&ReduceLROnPlateau{Monitor: "loss", Patience: 1, MinLR: 0.1}, &fakeModel{lr: 0.1 + 1e-12}, plateau(1, 3)); len(e) != 0 {
		t.Errorf("reduced at %v although lr equals MinLR in float32", e)
	}
}

func TestReduceLROnPlateauMissingMonitorAndBadConfig(t *testing.T) {
	m := &fakeModel{lr: 1}
	var warned strings.Builder
	r := &ReduceLROnPlateau{Patience: -1, Warn: &warned}
	_, _, logs := reductions(r, m, plateau(1, 3)) // logs hold "loss", not "val_loss"
	if len(m.lrSets) != 0 || r.Err() != nil || len(r.Warnings()) != 3 ||
		r.Warnings()[0] != "Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: loss,lr" {
		t.Fatalf("sets %v err %v warnings %q", m.lrSets, r.Err(), r.Warnings())
	}
	if want := "UserWarning: " + r.Warnings()[0] + "\n"; warned.String() != want {
		t.Fatalf("printed %q, want %q once", warned.String(), want)
	}
	if lr, ok := logs[0].Get("lr"); !ok || lr != 1 {
		t.Fatalf("lr not logged when the monitor is missing")
	}
	for _, c := range []struct {
		r    *ReduceLROnPlateau
		want string
	}{
		{&ReduceLROnPlateau{Factor: 1}, "ReduceLROnPlateau: Factor must be in (0, 1), got 1"},
		{&ReduceLROnPlateau{Factor: -0.5}, "Factor must be in (0, 1)"},
		{&ReduceLROnPlateau{Cooldown: -1}, "Cooldown must not be negative"},
		{&ReduceLROnPlateau{MinLR: -1}, "MinLR must be a finite number >= 0"},
		{&ReduceLROnPlateau{Mode: "up"}, `ReduceLROnPlateau: Mode must be "auto", "min" or "max"`},
	} {
		m := &fakeModel{lr: 1}
		reductions(c.r, m, plateau(1, 20))
		if err := c.r.Err(); err == nil || !strings.Contains(err.Error(), c.want) || len(m.lrSets) != 0 {
			t.Errorf("got %v (sets %v), want %q", err, m.lrSets, c.want)
		}
	}
	r = &ReduceLROnPlateau{Monitor: "loss"}
	reductions(r, &fakeModel{noLR: true}, plateau(1, 1))
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "compiled") {
		t.Errorf("uncompiled model: %v", r.Err())
	}
}
