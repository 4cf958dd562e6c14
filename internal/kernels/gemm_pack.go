package kernels

// packPanel copies one micro-panel of a matrix into dst in the layout the
// micro-kernels read: kc steps along the shared (depth) dimension, each
// holding w consecutive lanes (rows of A or columns of B). Lane l at depth p
// is src[off + l*ls + p*ds]. Only the first lanes lanes exist in the matrix;
// the rest of the panel is zero-filled so edge tiles compute harmlessly.
// One of ls and ds is 1, as row-major A, B and their transposes always give.
// Full panels (lanes == w) go to the kernel's own packing routine, fast,
// when it has one for this case.
func packPanel[T scalar](fast packFunc[T], dst, src []T, off, ls, ds, lanes, w, kc int) {
	if lanes == w && fast != nil && fast(dst, src, off, ls, ds, w, kc) {
		return
	}
	dst = dst[:w*kc]
	if ds == 1 {
		// Each lane is contiguous along depth: read it, scatter with stride w.
		for l := 0; l < lanes; l++ {
			s := src[off+l*ls : off+l*ls+kc]
			for p, v := range s {
				dst[p*w+l] = v
			}
		}
	} else {
		// Lanes are contiguous (ls == 1): copy w-wide rows.
		for p := 0; p < kc; p++ {
			copy(dst[p*w:p*w+lanes], src[off+p*ds:off+p*ds+lanes])
		}
	}
	if lanes < w {
		for p := 0; p < kc; p++ {
			clear(dst[p*w+lanes : p*w+w])
		}
	}
}

// A packFunc packs one full panel w lanes wide as packPanel describes
// (dst[p*w+l] = src[off+l*ls+p*ds]), or reports false, having done
// nothing, if it has no routine for this w and layout.
type packFunc[T scalar] func(dst, src []T, off, ls, ds, w, kc int) bool

// packA packs rows [row0, row0+rows) and depth [p0, p0+kc) of op(A) into
// dst as ceil(rows/mr) micro-panels of mr*kc elements for kernel kr.
func (g *gemmArgs[T]) packA(kr *microKernel[T], dst []T, row0, rows, p0, kc int) {
	mr := kr.mr
	ls, ds := g.lda, 1
	if g.transA {
		ls, ds = 1, g.lda
	}
	for i := 0; i*mr < rows; i++ {
		r := row0 + i*mr
		packPanel(kr.pack, dst[i*mr*kc:], g.a, r*ls+p0*ds, ls, ds, min(mr, rows-i*mr), mr, kc)
	}
}

// packBPanel packs micro-panel j of the block of op(B) with columns from
// col0 (ncols in all) and depth [p0, p0+kc) into dst[j*nr*kc:] for
// kernel kr.
func (g *gemmArgs[T]) packBPanel(kr *microKernel[T], dst []T, j, col0, ncols, p0, kc int) {
	nr := kr.nr
	ls, ds := 1, g.ldb
	if g.transB {
		ls, ds = g.ldb, 1
	}
	col := col0 + j*nr
	packPanel(kr.pack, dst[j*nr*kc:], g.b, col*ls+p0*ds, ls, ds, min(nr, ncols-j*nr), nr, kc)
}
