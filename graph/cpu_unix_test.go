//go:build unix

package graph

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time of the process so
// far. With GOMAXPROCS=1 (-test.cpu 1) no worker spins, so CPU time per
// step measures the work even on a machine shared with other jobs, where
// wall time does not.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
