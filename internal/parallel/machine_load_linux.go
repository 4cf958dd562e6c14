package parallel

import (
	"syscall"
	"unsafe"
)

// procStat is "/proc/stat" as the C string the system call takes, made
// once: syscall.Open would allocate it at every call.
var procStat = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 't', 'a', 't', 0}

// atFDCWD is Linux's AT_FDCWD: openat's path is relative to the working
// directory (it is absolute here anyway).
var atFDCWD = -100

// readCPUTimes reads the machine's CPU times from /proc/stat without
// allocating (raw system calls, the first line read into a buffer on the
// stack), and reports false if the file cannot be read or does not
// parse.
func readCPUTimes() (cpuTimes, bool) {
	fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(&procStat[0])),
		syscall.O_RDONLY|syscall.O_CLOEXEC, 0, 0, 0)
	if e != 0 {
		return cpuTimes{}, false
	}
	var buf [256]byte
	n, _, e := syscall.Syscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	syscall.Syscall(syscall.SYS_CLOSE, fd, 0, 0)
	if e != 0 || int(n) <= 0 || int(n) > len(buf) {
		return cpuTimes{}, false
	}
	return parseCPUTimes(buf[:n])
}
