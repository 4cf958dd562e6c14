//go:build unix

package kernels

import "syscall"

// processCPU returns the user and system CPU seconds this process has
// used, or 0 if they cannot be read.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
