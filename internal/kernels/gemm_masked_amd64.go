//go:build amd64 && !purego

package kernels

// asmMaskedKernel is the signature of the generated AVX-512 kernels:
// asmKernel with the number of columns cols (1 ≤ cols ≤ nr) of the tile
// to store and the number of tiles (at least 1) to compute. Below nr the
// kernel reads and writes C through lane masks, so a tile cut by the
// right edge of C goes straight to C: no column from cols on is touched.
// Tile t is the one mr rows of C below tile t-1, with the next mr rows
// of A (the next packed panel, mr·kc elements on), and the same B panel:
// a whole column of tiles costs one call.
type asmMaskedKernel[T scalar] func(kc int, a, b, c *T, ldc, cols, tiles int, alpha, beta T)

// asmMaskedDirectKernel is asmMaskedKernel for the kernels that read A
// unpacked (see asmDirectKernel).
type asmMaskedDirectKernel[T scalar] func(kc int, a, b, c *T, lda, ldb, ldc, cols, tiles int, alpha, beta T)

// maskedTiles are the tile functions of a microKernel (fn, rowsFn,
// colsFn and tilesFn) built from AVX-512 kernels by asmMaskedTiles.
type maskedTiles[T scalar] struct {
	fn      func(kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	rowsFn  func(rows, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	colsFn  func(rows, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
	tilesFn func(tiles, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int)
}

// asmMaskedTiles adapts the AVX-512 kernels of an mr×nr tile that read
// packed A panels, fs[r-1] computing its first r rows (fs[mr-1] all of
// them), to the tile functions of a microKernel. Each call checks that
// every element the kernel touches lies inside its slice.
func asmMaskedTiles[T scalar](mr, nr int, fs []asmMaskedKernel[T]) maskedTiles[T] {
	if len(fs) != mr {
		panic("kernels: need one assembly kernel per row count")
	}
	full := fs[mr-1]
	return maskedTiles[T]{
		fn: func(kc int, alpha T, a, b []T, beta T, c []T, ldc int) {
			_, _, _ = a[mr*kc-1], b[nr*kc-1], c[(mr-1)*ldc+nr-1]
			full(kc, &a[0], &b[0], &c[0], ldc, nr, 1, alpha, beta)
		},
		rowsFn: func(rows, kc int, alpha T, a, b []T, beta T, c []T, ldc int) {
			_, _, _ = a[mr*kc-1], b[nr*kc-1], c[(rows-1)*ldc+nr-1]
			fs[rows-1](kc, &a[0], &b[0], &c[0], ldc, nr, 1, alpha, beta)
		},
		colsFn: func(rows, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int) {
			checkCols(cols, nr)
			_, _, _ = a[mr*kc-1], b[nr*kc-1], c[(rows-1)*ldc+cols-1]
			fs[rows-1](kc, &a[0], &b[0], &c[0], ldc, cols, 1, alpha, beta)
		},
		tilesFn: func(tiles, cols, kc int, alpha T, a, b []T, beta T, c []T, ldc int) {
			checkCols(cols, nr)
			checkTiles(tiles)
			_, _, _ = a[tiles*mr*kc-1], b[nr*kc-1], c[(tiles*mr-1)*ldc+cols-1]
			full(kc, &a[0], &b[0], &c[0], ldc, cols, tiles, alpha, beta)
		},
	}
}

// checkCols panics unless 1 ≤ cols ≤ nr: the kernels trust the count
// when they build their masks.
func checkCols(cols, nr int) {
	if cols < 1 || cols > nr {
		panic("kernels: tile column count out of range")
	}
}

// checkTiles panics unless tiles ≥ 1: the kernels compute at least one
// tile.
func checkTiles(tiles int) {
	if tiles < 1 {
		panic("kernels: tile count below 1")
	}
}

// asmMaskedDirect adapts the AVX-512 kernels of an mr×nr tile that read
// A unpacked (fs[r-1] computes its first r rows) to a directKernel. A is
// transposed (element (i, p) at a[p*lda+i]) if trans, else row-major (at
// a[i*lda+p]); depth step p of B starts at b[p*ldb].
func asmMaskedDirect[T scalar](mr, nr int, trans bool, fs []asmMaskedDirectKernel[T]) directKernel[T] {
	if len(fs) != mr {
		panic("kernels: need one assembly kernel per row count")
	}
	lastA, lastB := directBounds(mr, nr, trans)
	full := fs[mr-1]
	return directKernel[T]{
		fn: func(kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			_, _, _ = a[lastA(mr, kc, lda)], b[lastB(kc, ldb)], c[(mr-1)*ldc+nr-1]
			full(kc, &a[0], &b[0], &c[0], lda, ldb, ldc, nr, 1, alpha, beta)
		},
		rowsFn: func(r, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			_, _, _ = a[lastA(r, kc, lda)], b[lastB(kc, ldb)], c[(r-1)*ldc+nr-1]
			fs[r-1](kc, &a[0], &b[0], &c[0], lda, ldb, ldc, nr, 1, alpha, beta)
		},
		colsFn: func(r, cols, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			checkCols(cols, nr)
			_, _, _ = a[lastA(r, kc, lda)], b[lastB(kc, ldb)], c[(r-1)*ldc+cols-1]
			fs[r-1](kc, &a[0], &b[0], &c[0], lda, ldb, ldc, cols, 1, alpha, beta)
		},
		tilesFn: func(tiles, cols, kc int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			checkCols(cols, nr)
			checkTiles(tiles)
			_, _, _ = a[lastA(tiles*mr, kc, lda)], b[lastB(kc, ldb)], c[(tiles*mr-1)*ldc+cols-1]
			full(kc, &a[0], &b[0], &c[0], lda, ldb, ldc, cols, tiles, alpha, beta)
		},
	}
}
