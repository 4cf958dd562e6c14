package tensor

import "unsafe"

// hugePage is the size of a transparent huge page (x86-64 and arm64 with
// 4 KiB base pages).
const hugePage = 2 << 20

// hugeMinBytes is the least size of a tensor's data for which makeSlice
// asks for huge pages: at least one whole huge page lies inside a block
// of twice the size, wherever it starts.
const hugeMinBytes = 2 * hugePage

// makeSlice allocates a zeroed slice of n elements, and asks the OS to
// back the whole huge pages inside one of hugeMinBytes or more with
// transparent huge pages (see adviseHugePages). Where the OS maps memory
// in 4 KiB pages unless asked (THP mode "madvise", the default of many
// distributions), a matrix product whose rows are 4 or 8 KiB apart
// touches a new page, and misses the TLB, at every row it packs or
// stores; on a 2-core Zen 5 virtual machine, matrices on huge pages made
// float32 1024³ 1.034× and 2048³ 1.067× as fast
// (docs/bench/gemm-large-products.md). The slice is not moved to a huge
// page boundary: for 1024×1024 float32 matrices that gained 1.031×
// against 1.028× for the whole huge pages inside them (eight interleaved
// rounds), not worth up to 2 MiB more memory per tensor.
func makeSlice[T Number](n int) []T {
	s := make([]T, n)
	var z T
	if size := n * int(unsafe.Sizeof(z)); size >= hugeMinBytes && hugePagesOffered() {
		adviseHugePages(unsafe.Pointer(&s[0]), size)
	}
	return s
}
