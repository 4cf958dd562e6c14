package kernels

import (
	"fmt"
	"unsafe"
)

// scalar is the set of element types the GEMM kernels handle.
type scalar interface{ float32 | float64 }

// smallGemm is the size (m*n*k) below which Gemm skips packing and runs a
// simple serial loop: for such problems the packing would cost more than it
// saves.
const smallGemm = 32 * 1024

// Gemm computes C = alpha*op(A)*op(B) + beta*C with BLAS semantics on
// row-major matrices, where op(X) is X or, if the trans flag is set, its
// transpose. op(A) is m×k, op(B) is k×n and C is m×n; lda, ldb and ldc are
// the row strides (elements between the starts of consecutive rows) of A, B
// and C as stored, so A is stored m×k (k×m if transA) and B k×n (n×k if
// transB). When beta is zero C is not read, so NaNs in it are overwritten;
// when alpha is zero (or k is zero) A and B are not read.
//
// Large problems are cache-blocked, packed and run on all cores through
// internal/parallel; problems with m*n*k below about 32k run serially
// without packing. Gemm panics if a dimension is negative, a stride is
// smaller than its row length or a slice is too short. A call allocates
// nothing once the packing buffers of earlier calls are cached.
func Gemm[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epilogue[T]{})
}

// GemmSerial is Gemm computed on the calling goroutine only, with the
// same kernels and blocking: the product is the same, bit for bit. It
// suits callers that already run one task per core, such as a recurrent
// loop that gives each core its own rows of a batch for every time step,
// where forking each small product across the cores would move the rows
// between the cores' caches at every step.
func GemmSerial[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemmOn(1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epilogue[T]{})
}

// gemm is Gemm followed by the epilogue epi (see GemmBiasAct and
// GemmReluGrad), which is applied to each block of C as soon as the block
// is final.
func gemm[T scalar](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, epi epilogue[T]) {
	gemmOn(0, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epi)
}

// gemmOn is gemm on at most maxWorkers goroutines, or as many as the
// parallel pool gives when maxWorkers is 0.
func gemmOn[T scalar](maxWorkers int, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, epi epilogue[T]) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleRows(m, n, beta, c, ldc)
		epi.apply(c, ldc, 0, m, 0, n)
		return
	}
	args := gemmArgs[T]{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, epi: epi, maxWorkers: maxWorkers}
	if m*n*k < smallGemm {
		args.small()
		epi.apply(c, ldc, 0, m, 0, n)
		return
	}
	kr := kernelFor[T]()
	if args.n < kr.nr && args.n*4 <= kr.nr*3 && args.m > args.n {
		args.transpose()
	}
	g := kr.calls.get()
	g.gemmArgs = args
	g.blocked(kr)
	g.gemmArgs = gemmArgs[T]{} // keep no reference to the caller's slices
	kr.calls.put(g)
}

// gemmArgs are the arguments of one Gemm call.
type gemmArgs[T scalar] struct {
	transA, transB bool
	m, n, k        int
	alpha          T
	a              []T
	lda            int
	b              []T
	ldb            int
	beta           T
	c              []T
	ldc            int
	epi            epilogue[T]
	transC         bool // C is stored transposed: element (i, j) at c[j*ldc+i]
	maxWorkers     int  // the most goroutines to use, or 0 for the pool's width
}

// transpose turns the product into the equivalent Cᵀ = op(B)ᵀ·op(A)ᵀ with
// C stored transposed. The blocked path does this for products narrower
// than about 3/4 of the micro-kernel's tile width (such as the 10 columns
// of a classifier's logits), whose tiles would otherwise be mostly
// padding: their few columns become rows, which the partial-row kernels
// compute at a cost proportional to the rows, and their many rows fill
// whole tile widths. Every tile then goes through the scratch tile and is
// merged transposed; the epilogue still sees C's own coordinates.
func (g *gemmArgs[T]) transpose() {
	g.m, g.n = g.n, g.m
	g.a, g.b = g.b, g.a
	g.lda, g.ldb = g.ldb, g.lda
	g.transA, g.transB = !g.transB, !g.transA
	g.transC = !g.transC
}

// checkGemm panics unless the dimensions, strides and slice lengths of a
// Gemm call are consistent.
func checkGemm(transA, transB bool, m, n, k, la, lda, lb, ldb, lc, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels.Gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMatrix("A", ar, ac, la, lda)
	checkMatrix("B", br, bc, lb, ldb)
	checkMatrix("C", m, n, lc, ldc)
}

// checkMatrix panics unless a slice of length l with row stride ld can hold
// a rows×cols matrix.
func checkMatrix(name string, rows, cols, l, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("kernels.Gemm: ld%s=%d is below the row length %d", name, ld, cols))
	}
	if rows > 0 && cols > 0 && l < (rows-1)*ld+cols {
		panic(fmt.Sprintf("kernels.Gemm: %s has %d elements, need %d for %d×%d with stride %d",
			name, l, (rows-1)*ld+cols, rows, cols, ld))
	}
}

// scaleRows sets the m×n matrix c to beta*c, writing zeros when beta is
// zero so that NaNs in c do not survive.
func scaleRows[T scalar](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// smallWide is the least number of columns for which small updates rows
// of C; narrower products are computed as dot products.
const smallWide = 8

// small computes the product with plain loops and no packing; it suits
// problems too small to amortise the blocked path. Wide products add
// alpha·A[i,p]·B[p,:] to each row of C in turn; narrow ones take dot
// products (smallNarrow), because adding into the same few elements of C
// over and over would chain every addition through memory.
func (g *gemmArgs[T]) small() {
	if g.n < smallWide {
		g.smallNarrow()
		return
	}
	scaleRows(g.m, g.n, g.beta, g.c, g.ldc)
	for i := 0; i < g.m; i++ {
		crow := g.c[i*g.ldc : i*g.ldc+g.n]
		for p := 0; p < g.k; p++ {
			var aip T
			if g.transA {
				aip = g.a[p*g.lda+i]
			} else {
				aip = g.a[i*g.lda+p]
			}
			aip *= g.alpha
			if g.transB {
				for j := range crow {
					crow[j] += aip * g.b[j*g.ldb+p]
				}
			} else {
				brow := g.b[p*g.ldb : p*g.ldb+len(crow)]
				for j, v := range brow {
					crow[j] += aip * v
				}
			}
		}
	}
}

// smallNarrow computes C = alpha·op(A)·op(B) + beta·C as dot products
// over the depth, four rows of a column at a time, so that four
// independent sums stay in registers. Each sum runs over the depth in
// order, then is scaled by alpha (and beta·C added). checkGemm has
// verified that A and B hold every element the loops read, so they read
// without bounds checks.
func (g *gemmArgs[T]) smallNarrow() {
	a, b := unsafe.Pointer(unsafe.SliceData(g.a)), unsafe.Pointer(unsafe.SliceData(g.b))
	var z T
	sz := unsafe.Sizeof(z)
	ars, aps := uintptr(g.lda), uintptr(1) // op(A)[i,p] at a + (i*ars + p*aps)*sz
	if g.transA {
		ars, aps = 1, uintptr(g.lda)
	}
	bps, bcs := uintptr(g.ldb), uintptr(1) // op(B)[p,j] at b + (p*bps + j*bcs)*sz
	if g.transB {
		bps, bcs = 1, uintptr(g.ldb)
	}
	ars, aps, bps, bcs = ars*sz, aps*sz, bps*sz, bcs*sz // in bytes
	at := func(base unsafe.Pointer, off uintptr) T { return *(*T)(unsafe.Add(base, off)) }
	for j := 0; j < g.n; j++ {
		i := 0
		for ; i+4 <= g.m; i += 4 {
			var s0, s1, s2, s3 T
			ao, bo := uintptr(i)*ars, uintptr(j)*bcs
			for p := 0; p < g.k; p++ {
				bv := at(b, bo)
				s0 += at(a, ao) * bv
				s1 += at(a, ao+ars) * bv
				s2 += at(a, ao+2*ars) * bv
				s3 += at(a, ao+3*ars) * bv
				ao += aps
				bo += bps
			}
			g.storeSum(i, j, s0)
			g.storeSum(i+1, j, s1)
			g.storeSum(i+2, j, s2)
			g.storeSum(i+3, j, s3)
		}
		for ; i < g.m; i++ {
			var s T
			ao, bo := uintptr(i)*ars, uintptr(j)*bcs
			for p := 0; p < g.k; p++ {
				s += at(a, ao) * at(b, bo)
				ao += aps
				bo += bps
			}
			g.storeSum(i, j, s)
		}
	}
}

// storeSum sets C[i,j] to alpha·s + beta·C[i,j], not reading C when beta
// is zero.
func (g *gemmArgs[T]) storeSum(i, j int, s T) {
	c := &g.c[i*g.ldc+j]
	if g.beta == 0 {
		*c = g.alpha * s
	} else {
		*c = g.alpha*s + g.beta**c
	}
}
