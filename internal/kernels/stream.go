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
func StreamCopy[T scalar](dst, src []T) {
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
	head := 0
	if off := int(d % streamAlign); off != 0 {
		head = min(n, (streamAlign-off)/size)
	}
	body := (n - head) * size / streamStep * streamStep / size
	if body == 0 || int(d+uintptr(head*size))%streamAlign != 0 ||
		!ewStreamCopyAsm((*byte)(unsafe.Pointer(&dst[head])), (*byte)(unsafe.Pointer(&src[head])), body*size) {
		copy(dst, src)
		return
	}
	copy(dst[:head], src[:head])
	copy(dst[head+body:], src[head+body:])
}

// AdamStream is Adam (the same bits) with w written by non-temporal
// stores, for an update whose weights other cores read next: a parallel
// update whose parts of w the other cores' products read, as the forward
// pass of a Dense layer does by columns while the update runs by rows.
// Like StreamCopy, it returns when those stores are ordered before any
// later store. Without the assembly kernels it is Adam.
func AdamStream[T scalar](w, m, v, g []T, alpha, c1, c2, eps T) {
	n := len(w)
	if n == 0 {
		return
	}
	size := int(unsafe.Sizeof(w[0]))
	head := 0
	if off := int(uintptr(unsafe.Pointer(&w[0])) % streamAlign); off != 0 {
		if off%size != 0 {
			Adam(w, m, v, g, alpha, c1, c2, eps)
			return
		}
		head = min(n, (streamAlign-off)/size)
	}
	Adam(w[:head], m[:head], v[:head], g[:head], alpha, c1, c2, eps)
	if head == n {
		return
	}
	w, m, v, g = w[head:], m[head:n], v[head:n], g[head:n]
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		mm, vv, gg := any(m).([]float32), any(v).([]float32), any(g).([]float32)
		ok = ewAdamStreamAsmS(ww, mm, vv, gg, any(alpha).(float32), any(c1).(float32), any(c2).(float32), any(eps).(float32))
	case []float64:
		mm, vv, gg := any(m).([]float64), any(v).([]float64), any(g).([]float64)
		ok = ewAdamStreamAsmD(ww, mm, vv, gg, any(alpha).(float64), any(c1).(float64), any(c2).(float64), any(eps).(float64))
	}
	if !ok {
		Adam(w, m, v, g, alpha, c1, c2, eps)
	}
}
