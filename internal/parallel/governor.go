package parallel

import (
	"sync"
	"sync/atomic"
	"time"
)

// stallMin is the least stall that counts as contention: the time a
// loop's caller, out of chunks to claim, waited for chunks that other
// workers had claimed, beyond the time it had itself worked on the loop.
// It is well above the wake-up latency of a parked worker (130-160 µs on
// the VM the pool was tuned on), and well below the time slice a Linux
// scheduler gives a competing process (milliseconds), which is what a
// worker whose thread was descheduled with a claimed chunk makes its
// partners wait.
const stallMin = 200 * time.Microsecond

// A governor narrows the pool only when stalls add up: it keeps the sum
// of recent stall times, halved every stallHalfLife, and narrows when the
// sum passes stallBudget, which a steady stall fraction of about a fifth
// of the time reaches. A lone stall (another process's burst, a garbage
// collection) costs its own time and no more; a descheduled worker that
// stalls the loops again and again (a few milliseconds every few
// milliseconds when another process shares its core) narrows the pool
// after a few stalls.
const (
	stallHalfLife = 20 * time.Millisecond
	stallBudget   = 6 * time.Millisecond
)

// probeFailure is how soon after a probe a narrowing counts as the probe
// failing, which doubles the back-off; a later one starts again from
// backoffMin, so that sporadic bursts of contention cost short back-offs
// only.
const probeFailure = 50 * time.Millisecond

// Bounds of the time a governor waits before it gives a worker back.
const (
	backoffMin = 10 * time.Millisecond
	backoffMax = 500 * time.Millisecond
)

// settleTime is how long after a change of width further stalls are not
// counted: loops that were already running at the old width, and
// concurrent loops hit by the same descheduled thread, would count one
// event several times.
const settleTime = time.Millisecond

// A governor narrows the pool when the machine is contended. Each stall
// (see stallMin) takes one worker off the width, down to 1, so that the
// loops run on as many threads as the OS actually runs; after a back-off
// it gives one back, to probe whether the contention is over. A narrowing
// soon after such a probe doubles the back-off (up to backoffMax); a
// later one resets it to backoffMin. Under
// sustained contention the pool thus spends almost all its time at the
// width that does not stall, and an idle machine gets full width back
// within backoffMax.
type governor struct {
	taken   atomic.Int32 // workers taken off the width
	probeAt atomic.Int64 // when to give one back (now's clock), while taken > 0

	mu        sync.Mutex
	backoff   int64 // nanoseconds
	lastProbe int64
	lastEvent int64
	stalled   int64 // decayed sum of stall times (see stallBudget)
	lastStall int64
}

// gov governs the process-wide pool.
var gov governor

// Stats counts what the pool's governor has done since the process
// started.
type Stats struct {
	Stalls   int64 // loops held up by a straggler (see stallMin)
	Narrowed int64 // times a worker was taken off the width
	Probes   int64 // times one was given back after a back-off
}

var stats struct{ stalls, narrowed, probes atomic.Int64 }

// ReadStats returns the pool's counters, for benchmarks and diagnostics.
func ReadStats() Stats {
	return Stats{stats.stalls.Load(), stats.narrowed.Load(), stats.probes.Load()}
}

// width returns the number of workers a loop may use out of limit at
// time t, first giving one back if the back-off has passed. The common
// uncontended case reads one atomic.
func (g *governor) width(limit int, t func() int64) int {
	k := int(g.taken.Load())
	if k == 0 {
		return limit
	}
	if now := t(); now >= g.probeAt.Load() {
		k = g.probe(now)
	}
	return max(1, limit-k)
}

// probe gives one worker back if the back-off has passed at time t, and
// returns the number of workers still taken.
func (g *governor) probe(t int64) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := g.taken.Load()
	if k > 0 && t >= g.probeAt.Load() {
		k--
		g.taken.Store(k)
		stats.probes.Add(1)
		g.lastProbe, g.lastEvent = t, t
		g.probeAt.Store(t + g.backoff)
	}
	return int(k)
}

// stall records a stall of d nanoseconds seen at time t by a loop that
// ran at width w, and takes a worker off when the recent stalls add up to
// stallBudget (if w > 1 and the width has not changed within
// settleTime).
func (g *governor) stall(t, d int64, w int) {
	stats.stalls.Add(1)
	g.mu.Lock()
	defer g.mu.Unlock()
	if w <= 1 || t-g.lastEvent < int64(settleTime) {
		return
	}
	g.stalled >>= min(63, (t-g.lastStall)/int64(stallHalfLife))
	g.stalled += d
	g.lastStall = t
	if g.stalled < int64(stallBudget) {
		return
	}
	g.stalled = 0
	if g.lastProbe != 0 && t-g.lastProbe < int64(probeFailure) {
		g.backoff = min(int64(backoffMax), 2*g.backoff)
	} else {
		g.backoff = int64(backoffMin)
	}
	g.lastEvent = t
	g.taken.Add(1)
	stats.narrowed.Add(1)
	g.probeAt.Store(t + g.backoff)
}

// isStall reports whether a loop whose caller started at start, ran out
// of chunks to claim at firstExit (or another participant did, earlier)
// and saw the last chunk finish at end was held up by a straggler: it
// waited more than stallMin and more than the time the loop had run
// before anyone ran out of work. In a loop of balanced chunks claimed
// dynamically the wait is at most about one chunk, a fraction of that.
func isStall(start, firstExit, end int64) bool {
	wait := end - firstExit
	return wait > int64(stallMin) && wait > firstExit-start
}
