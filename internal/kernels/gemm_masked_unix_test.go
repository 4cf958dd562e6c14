//go:build linux || darwin

package kernels

import (
	"syscall"
	"testing"
	"unsafe"
)

// TestMaskedKernelsStayInside runs the masked kernels (colsFn, packed and
// direct) on tiles whose last row ends exactly where a page that may be
// neither read nor written begins, with beta 0 and 1: a kernel that
// touched a column from cols on, in a load or a store, would fault.
func TestMaskedKernelsStayInside(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		t.Run("float32", func(t *testing.T) { checkMaskedInside(t, ks.s) })
		t.Run("float64", func(t *testing.T) { checkMaskedInside(t, ks.d) })
	})
}

func checkMaskedInside[T scalar](t *testing.T, kr *microKernel[T]) {
	if kr.colsFn == nil {
		t.Skip("no masked kernels")
	}
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Skipf("mprotect: %v", err)
	}
	var z T
	size := int(unsafe.Sizeof(z))
	room := unsafe.Slice((*T)(unsafe.Pointer(&mem[0])), page/size) // the accessible page
	const kc = 7
	ldc := kr.nr + 3
	a, b := make([]T, kr.mr*kc), make([]T, kr.nr*kc)
	for i := range a {
		a[i] = T(i%5) - 2
	}
	for i := range b {
		b[i] = T(i%3) - 1
	}
	for rows := 1; rows <= kr.mr; rows++ {
		for cols := 1; cols < kr.nr; cols++ {
			n := (rows-1)*ldc + cols
			c := room[len(room)-n:] // ends at the protected page
			for _, beta := range []T{0, 1} {
				clear(c)
				kr.colsFn(rows, cols, kc, 1, a, b, beta, c, ldc)
				for j := range cols { // row 0: the sum of a[p*mr]·b[p*nr+j]
					var want T
					for p := range kc {
						want += a[p*kr.mr] * b[p*kr.nr+j]
					}
					if c[j] != want {
						t.Fatalf("rows=%d cols=%d beta=%v: C[0,%d] = %v, want %v", rows, cols, beta, j, c[j], want)
					}
				}
				if d := kr.direct(false); d.colsFn != nil {
					d.colsFn(rows, cols, kc, 1, a, kc, b, kr.nr, beta, c, ldc)
				}
				if d := kr.direct(true); d.colsFn != nil {
					d.colsFn(rows, cols, kc, 1, a, kr.mr, b, kr.nr, beta, c, ldc)
				}
			}
		}
	}
}
