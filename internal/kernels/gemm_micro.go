package kernels

import (
	"sync/atomic"
	"unsafe"
)

// A microKernel is the innermost piece of Gemm and the seam for SIMD code.
//
// fn computes one mr×nr tile of C from packed panels:
//
//	C[i*ldc+j] = alpha * sum_p a[p*mr+i]*b[p*nr+j] + beta*C[i*ldc+j]
//
// for i < mr, j < nr and p < kc, where a is an A micro-panel (kc columns of
// mr rows, packed column by column) and b a B micro-panel (kc rows of nr
// columns, packed row by row), each holding at least mr*kc and nr*kc
// elements. When beta is 0, fn must overwrite C without reading it. kc is
// at least 1. Gemm only asks fn for whole tiles.
//
// rowsFn, when not nil, is fn restricted to the first rows rows of the
// tile (0 < rows < mr; a is still packed mr rows wide): Gemm uses it for
// the bottom edge of C, so that those tiles cost in proportion to their
// rows. colsFn, when not nil, is rowsFn (0 < rows ≤ mr) restricted to
// the first cols columns (0 < cols ≤ nr): it reads and writes no element
// of C from column cols on, so that Gemm computes the tiles cut by the
// right edge of C in place (b is still packed nr columns wide). Without
// it such tiles (and bottom-edge tiles when rowsFn is nil) are computed
// into a scratch tile and merged by the blocking code. tilesFn, when not
// nil, computes tiles ≥ 1 whole-height tiles of cols columns at once
// (cols = nr unless colsFn is set too), each mr rows of C below the last and with the
// next A panel (a holds them one after another), the same B panel: the
// blocking code calls it once for each column of tiles of a block.
//
// mc, kc and nc are the cache-blocking sizes that suit the kernel: kc is
// the depth of one slice (the micro-kernel's loop count), an at most mc×kc
// block of A is packed per task and slice (mc a multiple of mr; it should
// sit in L2), and B is packed in column blocks of at most nc columns (nc a
// multiple of nr) shared by all tasks. The SIMD kernels' values were tuned on
// 128³ to 2048³ products on a 2-core Zen 4 (gemm_amd64.go).
//
// pack, when not nil, packs full panels (mr lanes of A or nr lanes of B)
// faster than packPanel's generic loop.
//
// directN and directT, when their fn is not nil, are fn and rowsFn
// reading A straight from the caller's matrix instead of a packed panel:
// directN for op(A) = A (element (i, p) of the tile at a[i*lda+p]),
// directT for op(A) = Aᵀ (at a[p*lda+i]). Gemm then skips packing A where
// that is faster (see useDirect). directB, if set, lets those kernels
// also read B's micro-panels in place where that is faster (see
// useDirectB).
//
// SIMD kernels live in per-architecture files (gemm_amd64.go): their init
// function adds a kernelSet per usable instruction set to kernelSets, best
// first, and selects the best one. Gemm reads sgemmKernel and dgemmKernel
// at each call; they are only written during package initialisation and
// by tests (through useKernelSet, never concurrently with Gemm).
type microKernel[T scalar] struct {
	mr, nr     int
	mc, kc, nc int
	fn         func(kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	rowsFn     func(rows, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	colsFn     func(rows, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	tilesFn    func(tiles, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	pack       packFunc[T] // optional fast packing of full panels

	directN, directT directKernel[T] // optional kernels reading A unpacked
	directB          bool            // the direct kernels may read B unpacked too

	bpool bufCache[T]             // packed B blocks, reused across calls
	fpool bufCache[atomic.Uint32] // states of packed B panels
	calls callCache[T]            // states of blocked calls
}

// direct returns the kernel's direct kernels for op(A) = Aᵀ if transA,
// else for op(A) = A; their fn is nil if it has none.
func (kr *microKernel[T]) direct(transA bool) *directKernel[T] {
	if transA {
		return &kr.directT
	}
	return &kr.directN
}

// A directKernel computes tiles like microKernel.fn and rowsFn, but reads
// A from the caller's matrix, row stride lda, instead of a packed panel:
// a starts at element (0, 0) of the tile's A. Which element (i, p) is at
// which offset depends on the kernel (see microKernel.directN and
// directT); rowsFn and colsFn read only the first rows rows of A, and
// tilesFn the first tiles·mr rows (for tiles stacked as in
// microKernel.tilesFn). Depth step p of B
// is the nr elements at b[p*ldb:]: ldb is nr for a packed B panel, or the
// row stride of a row-major op(B) read in place (see useDirectB). Either
// fn and rowsFn are both set or neither; colsFn and tilesFn are set
// where the microKernel's are (tilesFn taking cols = nr only where
// colsFn is nil).
type directKernel[T scalar] struct {
	fn      func(kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	rowsFn  func(rows, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	colsFn  func(rows, cols, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	tilesFn func(tiles, cols, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
}

// The pure-Go kernels use a 2×3 tile: on amd64 the Go compiler has 15
// usable float registers and schedules all products of an iteration before
// the additions, so 6 accumulators plus 6 products is the largest tile
// that never spills (4×4 or 2×4 spill and run 30-60% slower).
var (
	sgemmGo = microKernel[float32]{mr: 2, nr: 3, mc: 192, kc: 256, nc: 3072, fn: micro2x3[float32]}
	dgemmGo = microKernel[float64]{mr: 2, nr: 3, mc: 128, kc: 256, nc: 3072, fn: micro2x3[float64]}
)

// sgemmKernel and dgemmKernel are the micro-kernels and blocking sizes Gemm
// uses for float32 and float64.
var (
	sgemmKernel = &sgemmGo
	dgemmKernel = &dgemmGo
)

// A kernelSet is a float32 and a float64 micro-kernel built on one
// instruction set.
type kernelSet struct {
	name string
	s    *microKernel[float32]
	d    *microKernel[float64]
}

// kernelSets lists the kernel sets this machine can run, best first. The
// portable set is always last.
var kernelSets = []kernelSet{{name: "go", s: &sgemmGo, d: &dgemmGo}}

// useKernelSet makes Gemm use the named kernel set and reports whether
// this machine supports it. It is for package initialisation and tests.
func useKernelSet(name string) bool {
	for _, ks := range kernelSets {
		if ks.name == name {
			sgemmKernel, dgemmKernel = ks.s, ks.d
			return true
		}
	}
	return false
}

// kernelSetName returns the name of the kernel set Gemm uses.
func kernelSetName() string {
	for _, ks := range kernelSets {
		if ks.s == sgemmKernel {
			return ks.name
		}
	}
	return ""
}

// kernelFor returns the micro-kernel table for T.
func kernelFor[T scalar]() *microKernel[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(sgemmKernel).(*microKernel[T])
	}
	return any(dgemmKernel).(*microKernel[T])
}

// micro2x3 is the portable micro-kernel with a 2×3 tile.
//
// After checking the panel lengths once it views them as slices of small
// arrays, so the loop indexes them without bounds checks and the six
// accumulators stay in registers.
func micro2x3[T scalar](kc int, alpha T, a, b []T, beta T, c []T, ldc int) {
	a = a[:2*kc]
	b = b[:3*kc]
	ap := unsafe.Slice((*[2]T)(unsafe.Pointer(unsafe.SliceData(a))), kc)
	bp := unsafe.Slice((*[3]T)(unsafe.Pointer(unsafe.SliceData(b))), kc)
	bp = bp[:len(ap)]
	var c00, c01, c02, c10, c11, c12 T
	for p := range ap {
		av, bv := &ap[p], &bp[p]
		c00 += av[0] * bv[0]
		c01 += av[0] * bv[1]
		c02 += av[0] * bv[2]
		c10 += av[1] * bv[0]
		c11 += av[1] * bv[1]
		c12 += av[1] * bv[2]
	}
	r0 := c[0:3:3]
	r1 := c[ldc : ldc+3 : ldc+3]
	if beta == 0 {
		r0[0], r0[1], r0[2] = alpha*c00, alpha*c01, alpha*c02
		r1[0], r1[1], r1[2] = alpha*c10, alpha*c11, alpha*c12
		return
	}
	r0[0] = alpha*c00 + beta*r0[0]
	r0[1] = alpha*c01 + beta*r0[1]
	r0[2] = alpha*c02 + beta*r0[2]
	r1[0] = alpha*c10 + beta*r1[0]
	r1[1] = alpha*c11 + beta*r1[1]
	r1[2] = alpha*c12 + beta*r1[2]
}
