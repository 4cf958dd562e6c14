package parallel

import (
	"os"
	"testing"
)

// TestMain runs the package's tests with the machine's CPU times
// unreadable, so that what else runs on the machine (a parallel go test,
// say) cannot defer the governors' probes; TestGovernorDefersProbes sets
// its own readings.
func TestMain(m *testing.M) {
	machineCPUTimes = func() (cpuTimes, bool) { return cpuTimes{}, false }
	os.Exit(m.Run())
}

func TestParseCPUTimes(t *testing.T) {
	stat := "cpu  10 20 30 400 50 6 7 8 9 10\ncpu0 5 10 15 200 25 3 3 4 4 5\nintr 1 2 3\n"
	got, ok := parseCPUTimes([]byte(stat))
	if want := (cpuTimes{idle: 450, total: 531}); !ok || got != want {
		t.Fatalf("parseCPUTimes = %+v, %v; want %+v, true (idle = idle + iowait, total = the first 8 fields)", got, ok, want)
	}
	if got, ok := parseCPUTimes([]byte("cpu  1 2 3 4 5 6 7 8")); !ok || got.total != 36 || got.idle != 9 {
		t.Errorf("parseCPUTimes of a line cut after the eighth field = %+v, %v; want total 36, idle 9", got, ok)
	}
	// The largest values a field may hold still sum without overflow.
	const big = 288230376151711740
	huge := "cpu  288230376151711740 288230376151711740 288230376151711740 288230376151711740 288230376151711740 288230376151711740 288230376151711740 288230376151711740\n"
	if got, ok := parseCPUTimes([]byte(huge)); !ok || got.total != 8*big || got.idle != 2*big {
		t.Errorf("parseCPUTimes of eight fields near 2⁵⁸ = %+v, %v; want total %d, idle %d", got, ok, int64(8*big), int64(2*big))
	}
	for name, bad := range map[string]string{
		"no cpu line":     "intr 1 2 3\n",
		"short line":      "cpu  10 20 30 400\n",
		"not a number":    "cpu  10 20 x 400 50 6 7 8\n",
		"negative":        "cpu  10 20 30 -400 50 6 7 8\n",
		"number and text": "cpu  10 20 30 400x 50 6 7 8\n",
		"per-CPU first":   "cpu0 10 20 30 400 50 6 7 8\n",
		"too large":       "cpu  99999999999999999999 1 1 1 1 1 1 1\n",
		"empty":           "",
	} {
		if got, ok := parseCPUTimes([]byte(bad)); ok {
			t.Errorf("%s: parseCPUTimes = %+v, true; want false", name, got)
		}
	}
}

// The governor reads the machine's CPU times while training steps run,
// which must not allocate.
func TestReadCPUTimesAllocatesNothing(t *testing.T) {
	if _, ok := readCPUTimes(); !ok {
		t.Skip("no /proc/stat to read here")
	}
	if n := testing.AllocsPerRun(20, func() { readCPUTimes() }); n != 0 {
		t.Fatalf("readCPUTimes allocates %v times, want 0", n)
	}
}

func TestSaturated(t *testing.T) {
	a := cpuTimes{idle: 1000, total: 5000}
	for _, c := range []struct {
		name          string
		dIdle, dTotal int64
		wall          int64
		want          bool
	}{
		{"both of 2 CPUs busy (a spinner beside a narrowed pool)", 0, 8, 40 * ms, true},
		{"one of 2 CPUs idle", 4, 8, 40 * ms, false},
		{"a quarter of a CPU idle", 1, 8, 40 * ms, false},
		{"a tick idle in 80 ms", 1, 16, 80 * ms, true},
		{"one of 16 CPUs idle (15 workers left, the contention over)", 4, 64, 40 * ms, false},
		{"all of 16 CPUs busy", 0, 64, 40 * ms, true},
		{"a busy host of 64 CPUs with 8 idle (a container's view)", 32, 256, 40 * ms, false},
		{"too few ticks to judge", 0, 3, 40 * ms, false},
		{"the counters went back", -1, 8, 40 * ms, false},
		{"no time passed", 0, 8, 0, false},
	} {
		b := cpuTimes{idle: a.idle + c.dIdle, total: a.total + c.dTotal}
		if got := saturated(a, b, c.wall); got != c.want {
			t.Errorf("%s: saturated = %v, want %v", c.name, got, c.want)
		}
	}
}

// While the machine has no idle CPU the governor puts its probes off by
// backoffMin instead of giving a worker back; once a CPU idles, it
// probes.
func TestGovernorDefersProbes(t *testing.T) {
	defer func(f func() (cpuTimes, bool)) { machineCPUTimes = f }(machineCPUTimes)
	load := cpuTimes{idle: 100, total: 1000}
	machineCPUTimes = func() (cpuTimes, bool) { return load, true }
	var g governor
	at := 100 * ms
	narrowAt(t, &g, &at)
	deferred := ReadStats().Deferred

	load.total += 8 // both CPUs busy since the narrowing
	probe := g.probeAt.Load()
	if w := g.width(2, clock(probe)); w != 1 {
		t.Fatalf("width %d on a saturated machine, want 1 (probe deferred)", w)
	}
	if next := g.probeAt.Load(); next != probe+int64(backoffMin) {
		t.Fatalf("next probe at %d, want %d", next, probe+int64(backoffMin))
	}
	if d := ReadStats().Deferred - deferred; d != 1 {
		t.Fatalf("Deferred counted %d, want 1", d)
	}

	load.total += 8
	load.idle += 4 // one CPU idle: the other process stopped
	if w := g.width(2, clock(probe+int64(backoffMin))); w != 2 {
		t.Fatalf("width %d once a CPU idled, want 2 (a probe)", w)
	}
}

// Where the machine's CPU times cannot be read, probes come as before.
func TestGovernorProbesWithoutCPUTimes(t *testing.T) {
	var g governor
	at := 100 * ms
	narrowAt(t, &g, &at)
	if w := g.width(2, clock(g.probeAt.Load())); w != 2 {
		t.Fatalf("width %d after the back-off without CPU times, want 2", w)
	}
}
