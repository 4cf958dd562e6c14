package parallel

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Spinning bounds. A spin polls for at most its budget, which adapts
// between minSpin and spinTime (see adapt).
//
// spinTime is the longest a goroutine polls (for a new loop, or for the
// chunks of its loop still running) before it parks. Loops that follow
// each other more closely than this start without waking anyone. Between
// the large matrix products of a training step there are stretches of
// small serial steps (a loss, bias gradients, products too small to split)
// of 100-300 µs; waking a parked worker takes 130-160 µs on the VM this
// was tuned on, so a worker that parked in such a stretch joined the next
// product that much late.
//
// On a busy machine spinning does harm: a goroutine that spins for a
// partner whose thread the OS has descheduled keeps its own core busy, so
// the OS can neither run the partner there nor give the core to another
// process. So budgets shrink, down to minSpin, when spinning does not pay.
const (
	spinTime = 500 * time.Microsecond
	minSpin  = 20 * time.Microsecond
)

// preemptGap is the longest time between two clock reads of a spin
// (normally a few microseconds apart) that does not count as the spinning
// thread having been descheduled. A thread that was descheduled while it
// spun is sharing its core with other work: spinning on only takes CPU
// time from that work, so the spin stops at once.
const preemptGap = 100 * time.Microsecond

// A spinning goroutine reads the clock every checkEvery polls and calls
// runtime.Gosched every yieldEvery polls (a few microseconds), so that
// other goroutines queued on its processor (such as a loop's caller that
// parked and was woken there) still run soon. Yielding more often costs:
// runtime.Gosched takes the scheduler's global lock.
const (
	checkEvery = 64
	yieldEvery = 1024
)

// epoch is the origin of now.
var epoch = time.Now()

// now returns monotonic nanoseconds since epoch.
func now() int64 { return int64(time.Since(epoch)) }

// A spin is one bout of polling with a time budget.
type spin struct {
	start, last, budget int64
	polls               int
	preempted           bool // the spin stopped because its thread was descheduled
}

// newSpin starts a spin of the given budget (nanoseconds) at time t.
func newSpin(t, budget int64) spin { return spin{start: t, last: t, budget: budget} }

// more is called at each poll and reports whether to go on polling. It
// stops after the budget, or at once when the thread was descheduled
// since the last check, and yields the processor now and then.
func (s *spin) more() bool {
	s.polls++
	if s.polls%checkEvery != 0 {
		return true
	}
	t := now()
	if t-s.last > int64(preemptGap) {
		s.preempted = true
		return false
	}
	if t-s.start > s.budget {
		return false
	}
	s.last = t
	if s.polls%yieldEvery == 0 {
		runtime.Gosched()
		s.last = now() // time other goroutines ran is not a preemption
	}
	return true
}

// adapt returns the next budget after a wait that lasted waited
// nanoseconds in all (spinning, then parked if the spin ran out) under
// budget. A wait that spinning covered, or would have covered at the
// largest budget, doubles the budget; a longer one, for which parking at
// once would have cost nothing, halves it; a spin cut short by its
// thread being descheduled drops it to the least.
func adapt(budget, waited int64, preempted bool) int64 {
	switch {
	case preempted:
		return int64(minSpin)
	case waited <= int64(spinTime):
		return min(int64(spinTime), 2*budget)
	}
	return max(int64(minSpin), budget/2)
}

// waitBudget is the spin budget of callers waiting for their loop's last
// chunks, shared by all callers.
var waitBudget atomic.Int64

func init() { waitBudget.Store(int64(spinTime)) }
