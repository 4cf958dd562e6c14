package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const ms = int64(time.Millisecond)

func TestIsStall(t *testing.T) {
	us := int64(time.Microsecond)
	for _, c := range []struct {
		start, exit, end int64
		want             bool
	}{
		{0, 1000 * us, 1100 * us, false}, // a short tail after a long loop
		{0, 100 * us, 250 * us, false},   // below stallMin
		{0, 100 * us, 2100 * us, true},   // 2 ms wait after 100 µs of work
		{0, 5 * ms, 7 * ms, false},       // a long loop absorbs a 2 ms wait
	} {
		if got := isStall(c.start, c.exit, c.end); got != c.want {
			t.Errorf("isStall(%d, %d, %d) = %v, want %v", c.start, c.exit, c.end, got, c.want)
		}
	}
}

// A fixed clock for governor.width.
func clock(t int64) func() int64 { return func() int64 { return t } }

func TestGovernorIgnoresLoneStalls(t *testing.T) {
	var g governor
	t0 := 100 * ms
	// 1 ms stalls 30 ms apart never add up to the budget.
	for i := int64(0); i < 20; i++ {
		g.stall(t0+30*ms*i, ms, 2)
	}
	if g.taken.Load() != 0 {
		t.Fatalf("lone stalls took %d workers off", g.taken.Load())
	}
	if w := g.width(2, clock(t0+600*ms)); w != 2 {
		t.Fatalf("width %d, want 2", w)
	}
}

func TestGovernorNarrowsAndProbes(t *testing.T) {
	var g governor
	t0 := 100 * ms
	// Stalls of 1.5 ms every 3 ms: the fourth one narrows.
	var i int64
	for i = 0; i < 10 && g.taken.Load() == 0; i++ {
		g.stall(t0+3*ms*i, 3*ms/2, 2)
	}
	if g.taken.Load() != 1 || i != 4 {
		t.Fatalf("taken = %d after %d stalls, want 1 after 4", g.taken.Load(), i)
	}
	now := t0 + 3*ms*i
	if w := g.width(2, clock(now)); w != 1 {
		t.Fatalf("width %d right after narrowing, want 1", w)
	}
	// A stall at width 1 cannot narrow further.
	g.stall(now+2*ms, 10*ms, 1)
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d, want 1", g.taken.Load())
	}
	// After the first back-off the worker comes back (a probe).
	probe := now + int64(backoffMin)
	if w := g.width(2, clock(probe)); w != 2 {
		t.Fatalf("width %d after the back-off, want 2", w)
	}
	// Stalls right after the probe narrow again, for twice as long.
	for i := int64(1); i <= 4; i++ {
		g.stall(probe+3*ms*i, 3*ms/2, 2)
	}
	if g.taken.Load() != 1 {
		t.Fatalf("taken = %d after the probe stalled, want 1", g.taken.Load())
	}
	if g.backoff != 2*int64(backoffMin) {
		t.Fatalf("back-off %v after a failed probe, want %v", time.Duration(g.backoff), 2*backoffMin)
	}
	last := probe + 12*ms
	if w := g.width(2, clock(last+int64(backoffMin))); w != 1 {
		t.Fatalf("width %d before the doubled back-off, want 1", w)
	}
	if w := g.width(2, clock(last+2*int64(backoffMin))); w != 2 {
		t.Fatalf("width %d after the doubled back-off, want 2", w)
	}
}

func TestGovernorBackoffIsBounded(t *testing.T) {
	var g governor
	at := int64(ms)
	for round := 0; round < 20; round++ {
		for g.taken.Load() == 0 {
			at += 2 * ms
			g.stall(at, 2*ms, 2)
		}
		at = g.probeAt.Load()
		g.width(2, clock(at))
	}
	if g.backoff != int64(backoffMax) {
		t.Fatalf("back-off %v, want the maximum %v", time.Duration(g.backoff), backoffMax)
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
	defer resetGovernor()
	resetGovernor()
	full := Workers()
	s := &stallTask{sleep: 4 * time.Millisecond}
	for i := 0; i < 200 && Workers() == full; i++ {
		ForTask(2, 1, s)
	}
	if Workers() >= full {
		t.Fatalf("width still %d after repeated stalls", Workers())
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
	gov.backoff, gov.lastProbe, gov.lastEvent, gov.stalled, gov.lastStall = 0, 0, 0, 0, 0
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
	g.stall(100*ms, 7*ms, 2)
	g.width(2, clock(100*ms+int64(backoffMin)))
	after := ReadStats()
	if after.Stalls-before.Stalls < 1 || after.Narrowed-before.Narrowed < 1 || after.Probes-before.Probes < 1 {
		t.Fatalf("stats %+v after %+v: want a stall, a narrowing and a probe counted", after, before)
	}
}

// A narrowing long after the last probe is sporadic contention: the
// back-off starts again from the least.
func TestGovernorBackoffResets(t *testing.T) {
	var g governor
	at := 100 * ms
	narrow := func() {
		for g.taken.Load() == 0 {
			at += 2 * ms
			g.stall(at, 3*ms, 2)
		}
	}
	narrow()
	at = g.probeAt.Load()
	g.width(2, clock(at))
	narrow() // soon after the probe: doubled
	if g.backoff != 2*int64(backoffMin) {
		t.Fatalf("back-off %v, want %v", time.Duration(g.backoff), 2*backoffMin)
	}
	at = g.probeAt.Load()
	g.width(2, clock(at))
	at += int64(probeFailure) + ms
	narrow()
	if g.backoff != int64(backoffMin) {
		t.Fatalf("back-off %v after a quiet spell, want %v", time.Duration(g.backoff), backoffMin)
	}
}
