//go:build !linux

package tensor

// systemMemory returns 0: the memory size is not read on this system.
func systemMemory() int64 { return 0 }
