package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkMicroKernel times one goroutine sweeping each kernel over a row
// of tiles whose panels sit in cache: the ceiling the blocking code can
// reach on one core.
func BenchmarkMicroKernel(b *testing.B) {
	for _, ks := range kernelSets {
		b.Run(ks.name+"/float32", func(b *testing.B) { benchMicro(b, ks.s) })
		b.Run(ks.name+"/float64", func(b *testing.B) { benchMicro(b, ks.d) })
	}
}

func benchMicro[T scalar](b *testing.B, kr *microKernel[T]) {
	for _, kc := range []int{16, 64, 128, 256, 384} {
		b.Run(fmt.Sprint("kc", kc), func(b *testing.B) { benchTiles(b, kr, kr.mr, kc) })
	}
	if kr.rowsFn != nil {
		// The bottom-edge tile of a 128-row product (128 mod mr rows).
		if r := 128 % kr.mr; r > 0 {
			b.Run(fmt.Sprintf("rows%d/kc128", r), func(b *testing.B) { benchTiles(b, kr, r, 128) })
		}
	}
}

// benchTiles times kr computing rows rows of 8 tiles kc deep, all
// sweeping the same B panel.
func benchTiles[T scalar](b *testing.B, kr *microKernel[T], rows, kc int) {
	const tiles = 8
	ap := make([]T, tiles*kr.mr*kc)
	bp := make([]T, kr.nr*kc)
	for i := range ap {
		ap[i] = T(i%7) / 7
	}
	for i := range bp {
		bp[i] = T(i%5) / 5
	}
	c := make([]T, tiles*kr.mr*kr.nr)
	fm := startFlops()
	for b.Loop() {
		for t := 0; t < tiles; t++ {
			if rows == kr.mr {
				kr.fn(kc, 1, ap[t*kr.mr*kc:], bp, 1, c[t*kr.mr*kr.nr:], kr.nr)
			} else {
				kr.rowsFn(rows, kc, 1, ap[t*kr.mr*kc:], bp, 1, c[t*kr.mr*kr.nr:], kr.nr)
			}
		}
	}
	fm.report(b, 2*float64(tiles*rows*kr.nr*kc)*float64(b.N))
}
