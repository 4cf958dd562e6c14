package parallel

import (
	"syscall"
	"unsafe"
)

// clockThreadCPUTime is Linux's CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPUTime = 3

// haveThreadCPU says whether threadCPU works on this system.
const haveThreadCPU = true

// threadCPU returns the CPU time the calling thread has used, in
// nanoseconds. Unlike the wall clock it does not advance while the OS
// has the thread descheduled. It is a raw system call (a fraction of a
// microsecond), so loops read it only when sampled (see sampleEvery).
func threadCPU() int64 {
	var ts syscall.Timespec
	_, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	if e != 0 {
		return 0
	}
	return ts.Nano()
}
