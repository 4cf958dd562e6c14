package parallel

import (
	"bytes"
	"io/fs"
	"os"
	"strconv"
)

// cpuTimes is the machine's CPU time since boot, summed over its CPUs, in
// the units of /proc/stat (USER_HZ ticks, 10 ms on Linux): idle counts
// idle and iowait, total every state a CPU can be in (user, nice, system,
// idle, iowait, irq, softirq, steal).
type cpuTimes struct{ idle, total int64 }

// readCPUTimes reads the machine's CPU times from the first line of
// proc/stat in fsys (os.DirFS("/") in production; tests pass sample
// trees), and reports false where there is no such file (other systems)
// or it does not parse.
func readCPUTimes(fsys fs.FS) (cpuTimes, bool) {
	b, err := fs.ReadFile(fsys, "proc/stat")
	if err != nil {
		return cpuTimes{}, false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 9 || string(f[0]) != "cpu" {
		return cpuTimes{}, false
	}
	var t cpuTimes
	for i, s := range f[1:9] { // user nice system idle iowait irq softirq steal
		v, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil || v < 0 {
			return cpuTimes{}, false
		}
		t.total += v
		if i == 3 || i == 4 {
			t.idle += v
		}
	}
	return t, true
}

// machineCPUTimes reads this machine's CPU times; tests replace it.
var machineCPUTimes = func() (cpuTimes, bool) { return readCPUTimes(os.DirFS("/")) }

// saturatedMinTicks is the least CPU time, in ticks summed over the CPUs,
// between two readings for saturated to judge them: /proc/stat counts in
// whole ticks, and fewer say little.
const saturatedMinTicks = 4

// saturated reports whether the machine had (almost) no idle CPU between
// readings a and b: less than an eighth of the CPU time elapsed, such as
// less than a quarter of one CPU on a 2-CPU machine. A process narrowed to
// fewer workers than CPUs leaves CPUs idle unless something else runs on
// them, so a saturated machine is one where another worker would again
// wait for a thread the OS does not run (see governor.probe).
func saturated(a, b cpuTimes) bool {
	dt, di := b.total-a.total, b.idle-a.idle
	return dt >= saturatedMinTicks && di >= 0 && 8*di < dt
}
