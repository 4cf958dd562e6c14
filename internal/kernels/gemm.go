package kernels

import "fmt"

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
// smaller than its row length or a slice is too short.
func Gemm[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleRows(m, n, beta, c, ldc)
		return
	}
	g := &gemmCall[T]{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	if m*n*k < smallGemm {
		g.small()
		return
	}
	g.blocked(kernelFor[T]())
}

// gemmCall carries the arguments of one Gemm call through its helpers.
type gemmCall[T scalar] struct {
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

// small computes the product with plain loops and no packing; it suits
// problems too small to amortise the blocked path.
func (g *gemmCall[T]) small() {
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
