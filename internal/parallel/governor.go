package parallel

import (
	"sync"
	"sync/atomic"
	"time"
)

// stallMin is the least wait that counts as a stall in Stats: the time a
// loop's caller, out of chunks to claim, waited for chunks that other
// workers had claimed. Shorter waits are the ordinary imbalance of the
// last chunks.
const stallMin = 200 * time.Microsecond

// sampleInterval is how often a loop is sampled for the governor: the
// first parallel loop that starts at least sampleInterval after the last
// sampled one reads the thread CPU clock around each of its chunks. That
// clock is a system call, which took 1.4 µs on a 2-core Zen 5 virtual
// machine, four per sampled loop of two chunks: sampling one loop in 8,
// as the pool did before, cost a stream of 128³ products (14 µs each)
// about 4% of its CPU time (pprof), and gave its windows (see window)
// hundreds of samples where tens do. By time, the cost is at most a few
// microseconds per millisecond whatever the loops' size, and a window
// holds up to window/sampleInterval samples (more wall time than
// minSampled once loops last 40 µs or more; windows of shorter loops go
// on until they have it).
const sampleInterval = time.Millisecond

// The governor judges the width by windows of at least window of wall
// time that hold at least minSampled of sampled loops (a window goes on
// until it holds that much). In each it compares the parallelism the
// loops achieved, the CPU time their chunks took over their wall time,
// with the width: at width w loops that reach less than w-1 might do
// better with one worker fewer, which then no longer waits for a thread
// the OS does not run. An idle 2-core machine reaches about 1.7-1.9 on
// the MLP step; with a process spinning on one of the two cores, one
// worker is descheduled half the time, usually with a chunk claimed, and
// the loops fall well below 1. Whether the narrower width does better is
// then measured (see record): it is kept only if its parallelism beats
// the wider one's by margin.
//
// A window's loops are a sample, and one long stall weighs heavily in it
// (on a busy build machine about one window in twenty fell below the
// bar, while most reached 1.7 to 1.9), so the governor narrows only
// after badWindows windows in a row fell below it — or after one that
// fell below severe·(w-1), which no ordinary stall explains: with a
// process spinning on one of two cores nine windows in ten fall below
// the bar, at a median parallelism of 0.4, and waiting for four of them
// cost each contended stretch its first 100 ms at full width (narrowing
// after one such window took `neurite bench --contended mlp` from a
// median of 50.2k to 52.7k samples/s, 0.60 to 0.64 of idle, in four
// interleaved runs on a 2-core Zen 5, and an idle MLP trained for 8 s
// narrowed no more than before: never). After a probe, when the
// parallelism at the width below is known, one window that does worse
// than it narrows again.
const (
	window     = 25 * time.Millisecond
	minSampled = time.Millisecond
	margin     = 0.15
	badWindows = 4
	severe     = 0.5
)

// probeWindow is the length of the window that judges a probe (the
// first after a worker is given back): under sustained contention every
// probe fails, and each costs the loops of its window at a width the OS
// does not run, so it is judged sooner than other windows. Only the
// width the pool had just before is at stake (an idle machine never
// probes), so fewer samples do. With 25 ms it was, `neurite bench
// --contended mlp` (repetitions of 200 steps, each starting contention
// afresh, about six probes per second early in each) lost about a fifth
// of each contended repetition at full width.
const probeWindow = 10 * time.Millisecond

// A narrowing is undone after lostWindows windows in a row at the
// narrower width that did not do clearly better, and the width is then
// held for holdTime.
const (
	lostWindows = 2
	holdTime    = 8 * window
)

// probeFailure is how soon after a probe a narrowing counts as the probe
// failing, which doubles the back-off; a later one starts again from
// backoffMin, so that sporadic bursts of contention cost short back-offs
// only.
const probeFailure = (badWindows + 2) * window

// Bounds of the time a governor waits before it gives a worker back.
const (
	backoffMin = 40 * time.Millisecond
	backoffMax = 500 * time.Millisecond
)

// A governor narrows the pool when the machine is contended. Sampled
// loops report their wall time and the CPU time of their chunks; when
// windows of them show that the last worker did not pay (see window), the
// governor takes one worker off the width, down to 1, so that the loops
// run on as many threads as the OS actually runs. After a back-off it
// gives one back, to probe whether the contention is over, unless the
// machine's CPU times show that less than a quarter of a CPU has been
// idle since (see probe, which then waits backoffMin more). A narrowing
// soon after such a probe doubles the back-off (up to backoffMax); a
// later one resets it to backoffMin. Under sustained contention the pool
// thus spends almost all its time at the width that pays, and an idle
// machine gets full width back within backoffMax.
type governor struct {
	taken   atomic.Int32 // workers taken off the width
	probeAt atomic.Int64 // when to give one back (now's clock), while taken > 0

	lastSample atomic.Int64 // when the last sampled loop started (now's clock)
	winStart   atomic.Int64 // start of the current window, 0 before the first
	winProbe   atomic.Bool  // the current window judges a probe (see probeWindow)
	winWall    atomic.Int64 // wall time of the window's sampled loops, summed
	winCPU     atomic.Int64 // CPU time of their chunks, summed
	badRun     atomic.Int32 // consecutive windows in which the last worker did not pay

	mu              sync.Mutex
	backoff         int64    // nanoseconds
	lastProbe       int64    // when a worker was last given back after a back-off, or 0
	wideP           float64  // parallelism measured at the width above, when the governor narrowed
	narrowP         float64  // parallelism of the last window at a narrowed width
	narrowedWindows int      // windows judged since the last narrowing
	lostRun         int      // of those, consecutive ones that did not beat wideP by margin
	holdUntil       int64    // no narrowing before this time (see record)
	load            cpuTimes // the machine's CPU times when last narrowed or probed
	loadAt          int64    // when load was read
	loadOK          bool     // load was read
}

// gov governs the process-wide pool.
var gov governor

// Stats counts what the pool and its governor have done since the
// process started.
type Stats struct {
	Stalls   int64 // loops whose caller waited for a straggler (see stallMin)
	Narrowed int64 // times a worker was taken off the width
	Probes   int64 // times one was given back (after a back-off, or because narrowing did not pay)
	Deferred int64 // probes put off because no CPU of the machine had been idle
}

var stats struct{ stalls, narrowed, probes, deferred atomic.Int64 }

// ReadStats returns the pool's counters, for benchmarks and diagnostics.
func ReadStats() Stats {
	return Stats{stats.stalls.Load(), stats.narrowed.Load(), stats.probes.Load(), stats.deferred.Load()}
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
// returns the number of workers still taken. It first reads the machine's
// CPU times: if less than a quarter of a CPU was idle, on average, since
// the narrowing or the last probe (see saturated), whatever took the
// cores is still running, and a
// worker given back would wait for a thread the OS does not run, so the
// probe is put off by backoffMin instead (a deferral, counted in Stats).
// Where the times cannot be read, it probes as before.
func (g *governor) probe(t int64) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := g.taken.Load()
	if k > 0 && t >= g.probeAt.Load() {
		if g.stillSaturated(t) {
			g.probeAt.Store(t + int64(backoffMin))
			stats.deferred.Add(1)
			return int(k)
		}
		k--
		g.taken.Store(k)
		stats.probes.Add(1)
		g.lastProbe = t
		g.probeAt.Store(t + g.backoff)
		g.newWindow(t)
		g.winProbe.Store(true)
	}
	return int(k)
}

// stillSaturated reads the machine's CPU times at time t, keeps them for
// the next call, and reports whether the machine was saturated since the
// last reading. The caller holds g.mu.
func (g *governor) stillSaturated(t int64) bool {
	now, ok := machineCPUTimes()
	busy := ok && g.loadOK && saturated(g.load, now, t-g.loadAt)
	g.load, g.loadAt, g.loadOK = now, t, ok
	return busy
}

// sample reports whether the loop starting at time t should be sampled:
// whether it is the first to start sampleInterval or more after the last
// sampled one.
func (g *governor) sample(t int64) bool {
	if !haveThreadCPU {
		return false
	}
	last := g.lastSample.Load()
	return t-last >= int64(sampleInterval) && g.lastSample.CompareAndSwap(last, t)
}

// record reports a sampled loop that ran at width w out of limit, ended
// at t after wall nanoseconds, and whose chunks took cpu nanoseconds of
// CPU time, and judges the window when it is over. Serial loops report
// too while the pool is narrowed, as width 1.
//
// A window at a narrowed width is compared with the parallelism measured
// at the width above, the window that narrowed it: if it did not do
// clearly better (the contention hits every core alike, so one worker
// fewer only gives up CPU time), the worker comes back at once, and no
// narrowing happens for the next holdTime.
func (g *governor) record(t, wall, cpu int64, w, limit int) {
	taken := int(g.taken.Load())
	if w != limit-taken || (w <= 1 && taken == 0) {
		return // run at a width that is no longer current, or serial by nature
	}
	g.winWall.Add(wall)
	g.winCPU.Add(cpu)
	start := g.winStart.Load()
	if start == 0 {
		g.winStart.CompareAndSwap(0, t) // the first loop opens the first window
		return
	}
	length := window
	if g.winProbe.Load() {
		length = probeWindow
	}
	if t-start < int64(length) || g.winWall.Load() < int64(minSampled) || !g.winStart.CompareAndSwap(start, t) {
		return // the window goes on until it is long and full enough
	}
	g.winProbe.Store(false)
	wallSum, cpuSum := g.winWall.Swap(0), g.winCPU.Swap(0)
	p := float64(cpuSum) / float64(wallSum)
	if taken > 0 && g.narrowingLost(t, p) {
		return
	}
	if w <= 1 {
		return
	}
	bar := float64(w - 1)
	if g.probeFailed(t, p) || p < bar && (p < severe*bar || g.badRun.Add(1) >= badWindows) {
		g.narrow(t, w, p)
		return
	}
	if p >= bar {
		g.badRun.Store(0)
	}
}

// probeFailed reports whether a window of parallelism p, the first after
// a probe gave a worker back, did worse than the narrower width before it.
func (g *governor) probeFailed(t int64, p float64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lastProbe != 0 && t-g.lastProbe < int64(probeFailure) && p+margin < g.narrowP
}

// narrowingLost gives a worker back at once if the parallelism measured
// at the narrowed width did not beat that measured at the width above by
// margin in lostWindows windows in a row, and reports whether it did;
// otherwise it remembers p, to judge the next probe by. The first window
// after a narrowing is not judged: the OS may take a few milliseconds to
// move the remaining threads off the busy core.
func (g *governor) narrowingLost(t int64, p float64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.narrowedWindows++
	switch {
	case g.taken.Load() == 0 || g.narrowedWindows == 1:
		return false
	case p >= g.wideP+margin:
		g.lostRun = 0
		g.narrowP = p
		return false
	}
	g.narrowP = p
	if g.lostRun++; g.lostRun < lostWindows {
		return false
	}
	g.taken.Add(-1)
	stats.probes.Add(1)
	g.backoff, g.lastProbe = int64(backoffMin), 0
	g.holdUntil = t + int64(holdTime)
	g.newWindow(t)
	return true
}

// narrow takes one worker off a width of w at time t, where windows
// measured parallelism p.
func (g *governor) narrow(t int64, w int, p float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if w <= 1 || t < g.holdUntil {
		return
	}
	if g.lastProbe != 0 && t-g.lastProbe < int64(probeFailure) {
		g.backoff = min(int64(backoffMax), 2*g.backoff)
	} else {
		g.backoff = int64(backoffMin)
	}
	g.taken.Add(1)
	g.narrowedWindows, g.lostRun = 0, 0
	g.load, g.loadOK = machineCPUTimes()
	g.loadAt = t
	stats.narrowed.Add(1)
	g.wideP = p
	g.probeAt.Store(t + g.backoff)
	g.newWindow(t)
}

// newWindow starts an empty window at t.
func (g *governor) newWindow(t int64) {
	g.winProbe.Store(false)
	g.winStart.Store(t)
	g.winWall.Store(0)
	g.winCPU.Store(0)
	g.badRun.Store(0)
}
