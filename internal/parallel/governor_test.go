package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const ms = int64(time.Millisecond)

// feed records sampled loops of wall nanoseconds whose chunks took cpu
// nanoseconds, back to back at width w out of 2 from time *at, for span
// nanoseconds.
func feed(g *governor, at *int64, span, wall, cpu int64, w int) {
	for end := *at + span; *at < end; {
		*at += wall
		g.record(*at, wall, cpu, w, 2)
	}
}

// A fixed clock for governor.width.
func clock(t int64) func() int64 { return func() int64 { return t } }

func TestGovernorKeepsWidthWhileWorkersPay(t *testing.T) {
	var g governor
	at := 100 * ms
	// Parallelism 1.6 (scattered preemptions): two workers still win.
	feed(&g, &at, 500*ms, ms, 16*ms/10, 2)
	if g.taken.Load() != 0 {
		t.Fatalf("parallelism 1.6 took %d workers off", g.taken.Load())
	}
	// Single bad windows between good ones do not narrow either, unless
	// severe (see TestGovernorNarrowsAtOnceWhenSevere).
	for i := 0; i < 10; i++ {
		feed(&g, &at, int64(window)+ms, ms, 6*ms/10, 2)
		feed(&g, &at, 2*int64(window), ms, 18*ms/10, 2)
	}
	if g.taken.Load() != 0 {
		t.Fatalf("lone bad windows took %d workers off", g.taken.Load())
	}
}

// One window of parallelism below severe·(w−1), such as a process
// spinning on one of two cores gives, narrows at once.
func TestGovernorNarrowsAtOnceWhenSevere(t *testing.T) {
	var g governor
	at := 100 * ms
	feed(&g, &at, 2*int64(window), ms, 18*ms/10, 2) // a good start
	feed(&g, &at, int64(window)+ms, ms, 4*ms/10, 2)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d after one window at parallelism 0.4, want 1", g.taken.Load())
	}
}

func TestGovernorNarrowsAndProbes(t *testing.T) {
	var g governor
	at := 100 * ms
	// Loops whose chunks took 0.6 of the loop's wall time in CPU time:
	// the second worker did not pay. The badWindows-th full window narrows.
	feed(&g, &at, (badWindows+1)*int64(window), 2*ms, 12*ms/10, 2)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d after heavy stalls, want 1", g.taken.Load())
	}
	narrowedAt := g.probeAt.Load() - int64(backoffMin)
	if w := g.width(2, clock(narrowedAt+ms)); w != 1 {
		t.Fatalf("width %d right after narrowing, want 1", w)
	}
	// A loop at the old width cannot narrow further.
	g.record(narrowedAt+2*ms, 100*ms, 10*ms, 2, 2)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d, want 1", g.taken.Load())
	}
	// After the first back-off the worker comes back (a probe).
	probe := narrowedAt + int64(backoffMin)
	if w := g.width(2, clock(probe)); w != 2 {
		t.Fatalf("width %d after the back-off, want 2", w)
	}
	// Stalls right after the probe narrow again, for twice as long.
	at = probe
	feed(&g, &at, (badWindows+1)*int64(window), 2*ms, 12*ms/10, 2)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d after the probe stalled, want 1", g.taken.Load())
	}
	if g.backoff != 2*int64(backoffMin) {
		t.Fatalf("back-off %v after a failed probe, want %v", time.Duration(g.backoff), 2*backoffMin)
	}
	last := g.probeAt.Load() - g.backoff
	if w := g.width(2, clock(last+int64(backoffMin))); w != 1 {
		t.Fatalf("width %d before the doubled back-off, want 1", w)
	}
	if w := g.width(2, clock(last+2*int64(backoffMin))); w != 2 {
		t.Fatalf("width %d after the doubled back-off, want 2", w)
	}
}

// narrowAt feeds loops of parallelism 0.8 from *at until g narrows.
func narrowAt(t *testing.T, g *governor, at *int64) {
	t.Helper()
	for i := 0; g.taken.Load() == 0; i++ {
		if i > 1000 {
			t.Fatal("the governor never narrowed")
		}
		*at += 2 * ms
		g.record(*at, 2*ms, 16*ms/10, 2, 2)
	}
}

func TestGovernorBackoffIsBounded(t *testing.T) {
	var g governor
	at := 100 * ms
	for round := 0; round < 20; round++ {
		narrowAt(t, &g, &at)
		at = g.probeAt.Load()
		g.width(2, clock(at))
	}
	if g.backoff != int64(backoffMax) {
		t.Fatalf("back-off %v, want the maximum %v", time.Duration(g.backoff), backoffMax)
	}
}

// A narrowing long after the last probe is sporadic contention: the
// back-off starts again from the least.
func TestGovernorBackoffResets(t *testing.T) {
	var g governor
	at := 100 * ms
	narrowAt(t, &g, &at)
	at = g.probeAt.Load()
	g.width(2, clock(at))
	narrowAt(t, &g, &at) // soon after the probe: doubled
	if g.backoff != 2*int64(backoffMin) {
		t.Fatalf("back-off %v, want %v", time.Duration(g.backoff), 2*backoffMin)
	}
	at = g.probeAt.Load()
	g.width(2, clock(at))
	feed(&g, &at, int64(probeFailure)+ms, ms, 2*ms, 2) // quiet
	narrowAt(t, &g, &at)
	if g.backoff != int64(backoffMin) {
		t.Fatalf("back-off %v after a quiet spell, want %v", time.Duration(g.backoff), backoffMin)
	}
}

// stallTask's chunk 1 sleeps, as a chunk whose worker the OS descheduled.
type stallTask struct{ sleep time.Duration }

func (s *stallTask) Run(lo, hi int) {
	if lo <= 1 && 1 < hi {
		time.Sleep(s.sleep)
	}
}

// A worker stuck in a chunk, again and again, narrows the real pool;
// the width comes back after the back-off.
func TestStallsNarrowThePool(t *testing.T) {
	if Workers() < 2 {
		t.Skip("one worker: loops run serially")
	}
	if !haveThreadCPU {
		t.Skip("no thread CPU clock: the governor never narrows")
	}
	defer resetGovernor()
	resetGovernor()
	full := Workers()
	before := ReadStats()
	s := &stallTask{sleep: 4 * time.Millisecond}
	for i := 0; i < 200 && Workers() == full; i++ {
		ForTask(2, 1, s)
	}
	if Workers() >= full {
		t.Fatalf("width still %d after repeated stalls", Workers())
	}
	if ReadStats().Stalls == before.Stalls {
		t.Fatal("no stall counted")
	}
	time.Sleep(backoffMax + 10*time.Millisecond)
	if w := Workers(); w != full {
		t.Fatalf("width %d after the back-off, want %d", w, full)
	}
}

// resetGovernor restores the pool's governor to full width.
func resetGovernor() {
	gov.mu.Lock()
	gov.taken.Store(0)
	gov.backoff, gov.lastProbe = 0, 0
	gov.newWindow(0)
	gov.mu.Unlock()
}

// Many goroutines run nested loops at once while the governor narrows
// and widens the pool under them: every loop still covers every index
// exactly once.
func TestPoolStress(t *testing.T) {
	defer resetGovernor()
	stop := make(chan struct{})
	var flips sync.WaitGroup
	flips.Add(1)
	go func() { // narrow and widen the pool while loops run
		defer flips.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			gov.taken.Store(1)
			time.Sleep(50 * time.Microsecond)
			gov.taken.Store(0)
			time.Sleep(50 * time.Microsecond)
		}
	}()
	rounds := 200
	if testing.Short() {
		rounds = 50
	}
	var bad atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				n := 1 + (r*7+g)%97
				seen := make([]int32, n*n)
				For(n, 1+r%3, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						For(n, 1+g%4, func(lo2, hi2 int) {
							for k := lo2; k < hi2; k++ {
								atomic.AddInt32(&seen[i*n+k], 1)
							}
						})
					}
				})
				for _, c := range seen {
					if c != 1 {
						bad.Add(1)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	flips.Wait()
	if bad.Load() != 0 {
		t.Fatalf("%d indices not visited exactly once", bad.Load())
	}
}

func TestStatsCount(t *testing.T) {
	before := ReadStats()
	var g governor
	at := 100 * ms
	narrowAt(t, &g, &at)
	g.width(2, clock(g.probeAt.Load()))
	after := ReadStats()
	if after.Narrowed-before.Narrowed < 1 || after.Probes-before.Probes < 1 {
		t.Fatalf("stats %+v after %+v: want a narrowing and a probe counted", after, before)
	}
}

// feed1 records sampled serial loops (width 1 of 2) of parallelism
// cpu/wall from time *at for span nanoseconds.
func feed1(g *governor, at *int64, span, wall, cpu int64) {
	for end := *at + span; *at < end; {
		*at += wall
		g.record(*at, wall, cpu, 1, 2)
	}
}

// A narrowing is kept while one worker does better than two did, and
// undone at once when it does worse (contention that hits every core).
func TestGovernorJudgesItsNarrowing(t *testing.T) {
	var g governor
	at := 100 * ms
	narrowAt(t, &g, &at) // at parallelism 0.8
	feed1(&g, &at, 3*int64(window), ms, 98*ms/100)
	if g.taken.Load() != 1 {
		t.Fatalf("one worker at 0.98 beats two at 0.8, but taken = %d", g.taken.Load())
	}
	// One poor window at the narrow width (the OS moving threads) does
	// not undo the narrowing.
	feed1(&g, &at, int64(window)+ms, ms, ms/2)
	feed1(&g, &at, 2*int64(window), ms, 98*ms/100)
	if g.taken.Load() != 1 {
		t.Fatal("one poor window undid the narrowing")
	}
	// After the back-off, one window at two workers that does worse than
	// the one worker did narrows again at once.
	at = g.probeAt.Load()
	if g.width(2, clock(at)) != 2 {
		t.Fatal("no probe after the back-off")
	}
	feed(&g, &at, int64(window)+2*ms, ms, ms/2, 2)
	if g.taken.Load() != 1 {
		t.Fatal("a failed probe did not narrow after one window")
	}

	var h governor
	at = 100 * ms
	narrowAt(t, &h, &at)
	feed1(&h, &at, (lostWindows+2)*int64(window), ms, ms/2)
	if h.taken.Load() != 0 {
		t.Fatal("one worker at 0.5 does worse than two at 0.8, yet the pool stays narrowed")
	}
	// Within the hold time the governor does not narrow again.
	feed(&h, &at, 4*int64(window), 2*ms, 16*ms/10, 2)
	if h.taken.Load() != 0 {
		t.Fatal("narrowed again within the hold time")
	}
	at += int64(backoffMax)
	narrowAt(t, &h, &at)
}

// A probe under sustained contention is judged by a window of probeWindow,
// shorter than the window that first narrowed: one such window at the
// probed width, doing worse than the narrowed width did, narrows again.
func TestGovernorJudgesProbesSooner(t *testing.T) {
	var g governor
	at := 100 * ms
	feed(&g, &at, 2*int64(window), ms, 18*ms/10, 2) // a good start
	feed(&g, &at, int64(window)+ms, ms, 4*ms/10, 2) // severe: narrows
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d after a severe window, want 1", g.taken.Load())
	}
	// At width 1 the loops run alone, at parallelism 1.
	feed(&g, &at, 3*int64(window), ms, ms, 1)
	probe := g.probeAt.Load()
	if w := g.width(2, clock(probe)); w != 2 {
		t.Fatalf("width %d after the back-off, want 2", w)
	}
	at = probe
	feed(&g, &at, int64(probeWindow)+ms, ms, 4*ms/10, 2)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d one probe window (%v) after a failing probe, want 1", g.taken.Load(), probeWindow)
	}
	// The next window is an ordinary one again.
	if g.winProbe.Load() {
		t.Fatal("the window after the probe's is still a probe window")
	}
}
