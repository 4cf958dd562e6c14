package callbacks

import (
	"bytes"
	"math"
	"testing"
)

func TestTerminateOnNaNStopsOnNaNAndInfLosses(t *testing.T) {
	for _, c := range []struct {
		loss  float64
		stops int
	}{{1.5, 0}, {math.NaN(), 1}, {math.Inf(1), 1}, {math.Inf(-1), 1}} {
		m := &fakeModel{}
		var out bytes.Buffer
		cb := &TerminateOnNaN{Out: &out}
		cb.SetModel(m)
		cb.OnTrainBatchEnd(7, logsOf("loss", c.loss))
		if m.stops != c.stops {
			t.Errorf("loss %v: %d stops, want %d", c.loss, m.stops, c.stops)
		}
		want := ""
		if c.stops > 0 {
			want = "Batch 7: Invalid loss, terminating training\n"
		}
		if out.String() != want {
			t.Errorf("loss %v: printed %q, want %q", c.loss, out.String(), want)
		}
	}
	// No loss in the logs: nothing happens.
	m := &fakeModel{}
	cb := &TerminateOnNaN{Out: &bytes.Buffer{}}
	cb.SetModel(m)
	cb.OnTrainBatchEnd(0, logsOf("mae", math.NaN()))
	if m.stops != 0 {
		t.Error("stopped without a loss")
	}
}
