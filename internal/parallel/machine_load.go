package parallel

// cpuTimes is the machine's CPU time since boot, summed over its CPUs, in
// the units of /proc/stat (USER_HZ ticks, 10 ms on Linux): idle counts
// idle and iowait, total every state a CPU can be in (user, nice, system,
// idle, iowait, irq, softirq, steal).
type cpuTimes struct{ idle, total int64 }

// parseCPUTimes reads the machine's CPU times from the start of
// /proc/stat's contents, whose first line is "cpu" and the times of the
// states, and reports false if it does not parse. It allocates nothing:
// the governor reads the file while training steps run (see probe).
func parseCPUTimes(b []byte) (cpuTimes, bool) {
	if len(b) < 4 || string(b[:4]) != "cpu " {
		return cpuTimes{}, false
	}
	var t cpuTimes
	i := 4
	for field := 0; field < 8; field++ { // user nice system idle iowait irq softirq steal
		for i < len(b) && b[i] == ' ' {
			i++
		}
		start := i
		var v int64
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if v > (1<<58)/10 { // eight such fields still sum below 2⁶²
				return cpuTimes{}, false
			}
			v = 10*v + int64(b[i]-'0')
		}
		if i == start || i < len(b) && b[i] != ' ' && b[i] != '\n' {
			return cpuTimes{}, false
		}
		t.total += v
		if field == 3 || field == 4 {
			t.idle += v
		}
	}
	return t, true
}

// machineCPUTimes reads this machine's CPU times (readCPUTimes, per
// system); tests replace it.
var machineCPUTimes = readCPUTimes

// userHZ is the unit of /proc/stat's times: USER_HZ ticks per second,
// 100 on Linux whatever the kernel's own tick rate.
const userHZ = 100

// saturatedMinTicks is the least CPU time, in ticks summed over the CPUs,
// between two readings for saturated to judge them: /proc/stat counts in
// whole ticks, and fewer say little.
const saturatedMinTicks = 4

// saturatedIdleCPUs is the idle capacity, in CPUs on average between two
// readings, below which saturated reports the machine saturated.
const saturatedIdleCPUs = 0.25

// saturated reports whether the machine had (almost) no idle CPU between
// readings a and b taken wall nanoseconds apart: less than a quarter of
// one CPU's time idle on average, however many CPUs it has. A process
// narrowed to fewer workers than its CPUs leaves one of them idle unless
// something else runs there, so a saturated machine is one where another
// worker would again wait for a thread the OS does not run (see
// governor.probe). The idle time is counted in CPUs rather than as a share
// of the machine's, so that one idle CPU of many (or a container's on a
// busy host, /proc/stat counting the whole host) still lets it probe.
func saturated(a, b cpuTimes, wall int64) bool {
	dt, di := b.total-a.total, b.idle-a.idle
	if dt < saturatedMinTicks || di < 0 || wall <= 0 {
		return false // too little to judge, or the counters went back
	}
	idleCPUs := float64(di) * (1e9 / userHZ) / float64(wall)
	return idleCPUs < saturatedIdleCPUs
}
