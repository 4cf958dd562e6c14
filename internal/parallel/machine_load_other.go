//go:build !linux

package parallel

// readCPUTimes reports false: only Linux has /proc/stat, and elsewhere
// the governor probes without looking at the machine's load.
func readCPUTimes() (cpuTimes, bool) { return cpuTimes{}, false }
