//go:build !linux

package distribute

import "time"

// yieldCore gives the calling thread's core away for a moment where
// there is no sched_yield in the syscall package: the shortest sleep
// parks the thread, so that other threads and processes can run.
func yieldCore() { time.Sleep(time.Microsecond) }
