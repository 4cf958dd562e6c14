package tensor

import "unsafe"

// hugePage is the size of a transparent huge page (x86-64 and arm64 with
// 4 KiB base pages).
const hugePage = 2 << 20

// hugeMinBytes is the least size of a tensor's data that makeSlice
// places on whole huge pages.
const hugeMinBytes = 2 * hugePage

// makeSlice allocates a zeroed slice of n elements. One of hugeMinBytes
// or more starts on a hugePage boundary (it takes up to 2 MiB more from
// the heap) and asks the OS to back it with transparent huge pages (see
// adviseHugePages). Where the OS maps memory in 4 KiB pages unless asked
// (THP mode "madvise", the default of many distributions), a matrix
// product whose rows are 4 or 8 KiB apart touches a new page, and misses
// the TLB, at every row it packs or stores; on a 2-core Zen 5 virtual
// machine matrices on huge pages made float32 1024³ 1.034× and 2048³
// 1.067× as fast (docs/bench/gemm-large-products.md).
func makeSlice[T Number](n int) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	if n*size < hugeMinBytes || !hugePagesOffered() {
		return make([]T, n)
	}
	pad := hugePage / size
	s := make([]T, n+pad)
	addr := uintptr(unsafe.Pointer(&s[0]))
	off := int((hugePage-addr%hugePage)%hugePage) / size
	s = s[off : off+n : off+n]
	adviseHugePages(unsafe.Pointer(&s[0]), n*size)
	return s
}
