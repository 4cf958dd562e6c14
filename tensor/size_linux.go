package tensor

import "syscall"

// systemMemory returns RAM plus swap in bytes, or 0 if unknown.
func systemMemory() int64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	unit := max(uint64(si.Unit), 1)
	return int64(min((uint64(si.Totalram)+uint64(si.Totalswap))*unit, 1<<62))
}
