package callbacks

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Unix(1000, 0)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func logsOf(kv ...any) *Logs {
	l := &Logs{}
	for i := 0; i < len(kv); i += 2 {
		l.Set(kv[i].(string), kv[i+1].(float64))
	}
	return l
}

func TestProgbarNonTerminalWritesOneLinePerEpoch(t *testing.T) {
	var buf bytes.Buffer
	off := false
	p := &ProgbarLogger{Verbose: 1, Out: &buf, Dynamic: &off, now: fakeClock(time.Millisecond)}
	p.SetParams(Params{Epochs: 100, Steps: 11})
	p.OnEpochBegin(2, nil)
	for b := 0; b < 11; b++ {
		p.OnTrainBatchEnd(b, logsOf("loss", 12.3456, "mae", 2.3456))
	}
	p.OnEpochEnd(2, logsOf("loss", 12.3456, "mae", 2.3456, "val_loss", 20.12344, "val_mae", 0.0004567))
	// The clock read once at epoch start and once at the end: 1ms apart.
	want := "Epoch 3/100\n" +
		"11/11 [==============================] - 0s 91us/step - loss: 12.3456 - mae: 2.3456 - val_loss: 20.1234 - val_mae: 4.5670e-04\n"
	if buf.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestProgbarTerminalRedrawsInPlaceWithETA(t *testing.T) {
	var buf bytes.Buffer
	on := true
	p := &ProgbarLogger{Verbose: 1, Out: &buf, Dynamic: &on, now: fakeClock(100 * time.Millisecond)}
	p.SetParams(Params{Epochs: 1, Steps: 4})
	p.OnEpochBegin(0, nil)
	p.OnTrainBatchEnd(0, logsOf("loss", 1.5))
	p.OnTrainBatchEnd(1, logsOf("loss", 1.25))
	p.OnTrainBatchEnd(2, logsOf("loss", 1.0))
	p.OnTrainBatchEnd(3, logsOf("loss", 1.0))
	p.OnEpochEnd(0, logsOf("loss", 1.0))
	out := buf.String()
	// Keras's bar: int(30*1/4) = 7 columns, the last one '>'. The clock
	// advances 100ms per reading: 4 readings from start to finish.
	want := "Epoch 1/1\n" +
		"1/4 [======>.......................] - ETA: 0s - loss: 1.5000\r" +
		"2/4 [==============>...............] - ETA: 0s - loss: 1.2500\r" +
		"3/4 [=====================>........] - ETA: 0s - loss: 1.0000\r" +
		"4/4 [==============================] - 0s 100ms/step - loss: 1.0000\n"
	if out != want {
		t.Fatalf("got\n%q\nwant\n%q", out, want)
	}
}

func TestProgbarVerbose2(t *testing.T) {
	var buf bytes.Buffer
	p := &ProgbarLogger{Verbose: 2, Out: &buf, now: fakeClock(25 * time.Millisecond)}
	p.SetParams(Params{Epochs: 5, Steps: 11})
	p.OnEpochBegin(0, nil)
	p.OnTrainBatchEnd(0, logsOf("loss", 3.0))
	p.OnEpochEnd(0, logsOf("loss", 0.5, "val_loss", 0.25))
	want := "Epoch 1/5\n11/11 - 0s - loss: 0.5000 - val_loss: 0.2500 - 25ms/epoch - 2ms/step\n"
	if buf.String() != want {
		t.Fatalf("got %q, want %q", buf.String(), want)
	}
}

func TestProgbarSilentAtVerbose0(t *testing.T) {
	var buf bytes.Buffer
	p := &ProgbarLogger{Verbose: 0, Out: &buf}
	p.SetParams(Params{Epochs: 1, Steps: 1})
	p.OnEpochBegin(0, nil)
	p.OnTrainBatchEnd(0, logsOf("loss", 1.0))
	p.OnEpochEnd(0, logsOf("loss", 1.0))
	if buf.Len() != 0 {
		t.Fatalf("wrote %q", buf.String())
	}
}

func TestFormatters(t *testing.T) {
	for v, want := range map[float64]string{12.34564: "12.3456", -0.5: "-0.5000", 0.001: "1.0000e-03", 0: "0.0000e+00"} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
	for s, want := range map[float64]string{2: " 2s/step", 0.002: " 2ms/step", 0.000248: " 248us/step", 0: " 0s/step"} {
		if got := formatPerUnit(s, "step"); got != want {
			t.Errorf("formatPerUnit(%v) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[float64]string{7.9: "7s", 65: "1:05", 3665: "1:01:05"} {
		if got := formatETA(s); got != want {
			t.Errorf("formatETA(%v) = %q, want %q", s, got, want)
		}
	}
}

func TestHistoryAndLogs(t *testing.T) {
	h := NewHistory()
	h.OnTrainBegin(nil)
	h.OnEpochEnd(0, logsOf("loss", 2.0, "mae", 1.0))
	h.OnEpochEnd(1, logsOf("loss", 1.0, "mae", 0.5, "val_loss", 1.5))
	if got := h.History["loss"]; len(got) != 2 || got[1] != 1.0 {
		t.Errorf("loss history %v", got)
	}
	if got := h.Keys(); strings.Join(got, ",") != "loss,mae,val_loss" {
		t.Errorf("keys %v", got)
	}
	if v, ok := h.Last("mae"); !ok || v != 0.5 {
		t.Errorf("Last(mae) = %v, %v", v, ok)
	}
	if len(h.Epoch) != 2 || h.Epoch[1] != 1 {
		t.Errorf("epochs %v", h.Epoch)
	}
	l := logsOf("a", 1.0, "b", 2.0)
	l.Set("a", 3)
	if v, _ := l.Get("a"); v != 3 || l.Len() != 2 {
		t.Errorf("Set did not replace in place: %v", l.Keys())
	}
}
