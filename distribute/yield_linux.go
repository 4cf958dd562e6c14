package distribute

import "syscall"

// yieldCore gives the calling thread's core away to any other runnable
// thread (sched_yield), as a rank polling for its peers does so that
// ranks sharing a core with others still progress.
func yieldCore() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
