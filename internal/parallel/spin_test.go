package parallel

import (
	"testing"
	"time"
)

func TestAdapt(t *testing.T) {
	us := int64(time.Microsecond)
	for _, c := range []struct {
		budget, waited int64
		preempted      bool
		want           int64
	}{
		{100 * us, 50 * us, false, 200 * us},         // spinning paid: grow
		{100 * us, 300 * us, false, 200 * us},        // would have paid at a larger budget
		{400 * us, 100 * us, false, int64(spinTime)}, // capped
		{400 * us, 5000 * us, false, 200 * us},       // a long wait: parking costs nothing, shrink
		{30 * us, 5000 * us, false, int64(minSpin)},  // floored
		{400 * us, 0, true, int64(minSpin)},          // descheduled while spinning
	} {
		if got := adapt(c.budget, c.waited, c.preempted); got != c.want {
			t.Errorf("adapt(%d, %d, %v) = %d, want %d", c.budget, c.waited, c.preempted, got, c.want)
		}
	}
}

func TestSpinStopsAfterBudget(t *testing.T) {
	t0 := now()
	s := newSpin(t0, int64(50*time.Microsecond))
	for s.more() {
	}
	if d := time.Duration(now() - t0); !s.preempted && d < 50*time.Microsecond {
		t.Fatalf("spin stopped after %v, before its budget", d)
	}
}

// A spin whose thread was away (here: a clock read long after the last)
// stops at once and says so.
func TestSpinStopsWhenDescheduled(t *testing.T) {
	s := newSpin(now(), int64(time.Second))
	s.last -= int64(2 * preemptGap)
	for i := 0; i < checkEvery; i++ {
		if !s.more() {
			if !s.preempted {
				t.Fatal("the spin stopped without recording the preemption")
			}
			return
		}
	}
	t.Fatal("the spin went on after a gap")
}
