package kernels

import "unsafe"

// streamStep is the bytes the streaming kernels copy per step (four
// AVX-512 vectors, eight AVX2 ones); streamAlign is the alignment of the
// destination they need: a cache line, so that every line is written whole.
const (
	streamStep  = 256
	streamAlign = 64
)

// StreamCopy copies min(len(dst), len(src)) values from src to dst, as the
// built-in copy does, but writes them with non-temporal stores, which go
// to memory without first reading the destination's cache lines into this
// core's cache, and returns only when those stores are ordered before any
// later store (SFENCE). It is for data that another core will read next
// and this one will not: where that core read the destination last, an
// ordinary store must first take every line back from it, one round trip
// between the cores per line; a non-temporal store does not wait for
// that. A flag stored after StreamCopy returns is seen by other cores
// after the data. Without the assembly kernels (the purego build, other
// architectures), and for slices that overlap, it is copy.
func StreamCopy[T scalar](dst, src []T) { streamCopy(dst, src, true) }

// StreamCopyUnfenced is StreamCopy without the final wait: its stores are
// ordered before later ones only after StreamFence. For many small copies
// in a row, where a wait after each costs more than the copy (about 130
// ns per wait after 4 KiB on a 2-core Zen 5: 49 µs for a MiB in 4 KiB
// copies against 16 µs in one).
func StreamCopyUnfenced[T scalar](dst, src []T) { streamCopy(dst, src, false) }

// StreamFence returns when the non-temporal stores of earlier
// StreamCopyUnfenced calls are ordered before any later store (SFENCE).
func StreamFence() { ewStreamFenceAsm() }

// streamCopy is StreamCopy, ending with the wait if fence is set.
func streamCopy[T scalar](dst, src []T, fence bool) {
	n := min(len(dst), len(src))
	if n == 0 {
		return
	}
	dst, src = dst[:n], src[:n]
	size := int(unsafe.Sizeof(dst[0]))
	d, s := uintptr(unsafe.Pointer(&dst[0])), uintptr(unsafe.Pointer(&src[0]))
	if d < s+uintptr(n*size) && s < d+uintptr(n*size) {
		copy(dst, src)
		return
	}
	head := streamHead(dst)
	body := (n - head) * size / streamStep * streamStep / size
	if body == 0 || int(d+uintptr(head*size))%streamAlign != 0 ||
		!ewStreamCopyAsm((*byte)(unsafe.Pointer(&dst[head])), (*byte)(unsafe.Pointer(&src[head])), body*size, fence) {
		copy(dst, src)
		return
	}
	copy(dst[:head], src[:head])
	copy(dst[head+body:], src[head+body:])
}

// streamHead returns how many leading elements of the non-empty w an
// update with non-temporal stores must write with ordinary ones, so that
// the rest starts on a cache line: len(w) when no element starts one.
func streamHead[T scalar](w []T) int {
	size := int(unsafe.Sizeof(w[0]))
	off := int(uintptr(unsafe.Pointer(&w[0])) % streamAlign)
	switch {
	case off == 0:
		return 0
	case off%size != 0:
		return len(w)
	}
	return min(len(w), (streamAlign-off)/size)
}
