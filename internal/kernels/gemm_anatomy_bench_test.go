package kernels

import "testing"

// BenchmarkGemmAnatomy takes a one-thread float32 1024³ product apart, to
// show where it falls short of the micro-kernel:
//
//   - micro sweeps the kernel over 24 A panels and one B panel, all in
//     cache, into a small C;
//   - sweep makes the product's own kernel calls (row blocks, depth
//     slices, B panels, one call per column of tiles, the same strides
//     into a 1024×1024 C) over panels packed beforehand: the product's
//     memory traffic without its packing;
//   - sweepPerTile is sweep with one call per tile, as Gemm made them
//     before the kernels took a tile count;
//   - sweepPerTileCInCache is sweepPerTile with every tile writing to the
//     first two row panels of C, which then stay in cache;
//   - product is GemmSerial itself.
//
// On the 2-core Zen 5 of the README (2026-12-07, six runs, one-core
// peak about 221 GFLOP/s): micro 214 GFLOP/s (97%), the sweeps 193-205
// (87-93%; 200-207 with C in cache), product 188-196 (85-89%). Of the
// product's 10 points below micro, about 6 are its memory traffic (2-3
// of them C's) and 4 its packing.
func BenchmarkGemmAnatomy(b *testing.B) {
	const n = 1024
	kr := kernelFor[float32]()
	mr, nr, kc := kr.mr, kr.nr, kr.kc
	slices := ceilDiv(n, kc)
	kc = ceilDiv(n, slices)
	mp := ceilDiv(n, mr) // row panels
	np := ceilDiv(n, nr) // B panels
	rowPanels := aBlockPanels(kr, kc)
	ap := make([]float32, slices*mp*mr*kc) // slice s, row panel i at (s*mp+i)*mr*kc
	bp := make([]float32, slices*np*nr*kc) // slice s, B panel j at (s*np+j)*nr*kc
	for i := range ap {
		ap[i] = float32(i%7) / 7
	}
	for i := range bp {
		bp[i] = float32(i%5) / 5
	}
	c := make([]float32, mp*mr*n)
	sweepFlop := 2 * float64(mp*mr) * n * n
	// sweep makes the product's kernel calls: one per column of tiles if
	// columns (and the kernel set can), else one per tile, writing row
	// panel i of C or, if cInCache, row panel i mod 2.
	sweep := func(columns, cInCache bool) {
		for i0 := 0; i0 < mp; i0 += rowPanels {
			tiles := min(rowPanels, mp-i0)
			for s := range slices {
				beta := float32(min(s, 1)) // later slices accumulate
				for j := range np {
					bpan := bp[(s*np+j)*nr*kc:]
					if columns && kr.tilesFn != nil {
						kr.tilesFn(tiles, nr, kc, 1, ap[(s*mp+i0)*mr*kc:], bpan, beta, c[i0*mr*n+j*nr:], n)
						continue
					}
					for i := i0; i < i0+tiles; i++ {
						row := i
						if cInCache {
							row = i % 2
						}
						kr.fn(kc, 1, ap[(s*mp+i)*mr*kc:], bpan, beta, c[row*mr*n+j*nr:], n)
					}
				}
			}
		}
	}
	b.Run("micro", func(b *testing.B) {
		tile := make([]float32, 24*mr*nr)
		fm := startFlops()
		for b.Loop() {
			for t := range 24 {
				kr.fn(kc, 1, ap[t*mr*kc:], bp, 1, tile[t*mr*nr:], nr)
			}
		}
		fm.report(b, 2*float64(24*mr*nr*kc)*float64(b.N))
	})
	for _, v := range []struct {
		name              string
		columns, cInCache bool
	}{{"sweep", true, false}, {"sweepPerTile", false, false}, {"sweepPerTileCInCache", false, true}} {
		b.Run(v.name, func(b *testing.B) {
			fm := startFlops()
			for b.Loop() {
				sweep(v.columns, v.cInCache)
			}
			fm.report(b, sweepFlop*float64(b.N))
		})
	}
	b.Run("product", func(b *testing.B) {
		x, y, z := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
		fm := startFlops()
		for b.Loop() {
			GemmSerial(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
		}
		fm.report(b, 2*float64(n)*n*n*float64(b.N))
	})
}
