package tensor

import (
	"os"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// hugePagesOffered reports whether the kernel gives transparent huge
// pages, always or on request: whether its THP mode is "always" or
// "madvise". It reads the mode once, at the first large allocation.
var hugePagesOffered = sync.OnceValue(func() bool {
	m := thpMode()
	return m == "always" || m == "madvise"
})

// thpMode returns the kernel's transparent huge page mode (the bracketed
// word of /sys/kernel/mm/transparent_hugepage/enabled), or "" if it
// cannot be read.
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	s := string(b)
	i, j := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return ""
	}
	return s[i+1 : j]
}

// adviseHugePages asks the kernel to back the whole huge pages inside the
// n bytes at p with transparent huge pages (madvise MADV_HUGEPAGE). Pages
// not yet touched are then mapped as huge pages when first written; pages
// already mapped (heap memory Go reused and zeroed) are left to the
// kernel's khugepaged. An error (an old kernel, a seccomp filter) only
// means no huge pages: it is ignored.
func adviseHugePages(p unsafe.Pointer, n int) {
	start := (uintptr(p) + hugePage - 1) &^ (hugePage - 1)
	end := (uintptr(p) + uintptr(n)) &^ (hugePage - 1)
	if end <= start {
		return
	}
	// The caller keeps the block alive; the raw system call takes its
	// addresses as integers.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_HUGEPAGE)
}
