//go:build !linux

package tensor

import "unsafe"

// hugePagesOffered is false where Neurite cannot ask for huge pages.
func hugePagesOffered() bool { return false }

// adviseHugePages does nothing where there is no madvise(MADV_HUGEPAGE).
func adviseHugePages(p unsafe.Pointer, n int) {}
