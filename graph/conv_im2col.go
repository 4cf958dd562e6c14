package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// The convolution kernels lower a convolution to matrix products: im2col
// copies, for each output pixel, the input window it reads (one group's
// channels at every kernel tap) into a row of a scratch matrix, which
// multiplies the kernel viewed as a (kh·kw·cin/groups)×cout matrix. They
// work through the output in blocks of whole output rows, so the scratch
// matrix stays bounded (convBlockElems) whatever the batch or image size.

// convBlockElems is the most elements of one block's im2col matrix. It is
// a variable so that tests can force many small blocks.
var convBlockElems = 1 << 18

// convGrain is about the number of elements one parallel chunk of im2col
// or col2im copies.
const convGrain = 8 << 10

// blockRows is the number of output rows (of ow pixels each) per block.
func (g *convGeom) blockRows() int { return max(1, convBlockElems/max(1, g.ow*g.colK())) }

// im2col fills the first np rows of col with the windows of output pixels
// p0..p0+np (counted over the whole batch) for group grp.
func im2col[T tensor.Float](g *convGeom, col, x []T, p0, np, grp int) {
	grain := max(1, convGrain/max(1, g.colK()))
	if np <= grain {
		im2colPixels(g, col, x, p0, grp, 0, np)
		return
	}
	parallel.ForCached(&im2colTasks, np, grain, im2colTask[T]{g: *g, col: col, x: x, p0: p0, grp: grp})
}

// im2colTask is the parallel loop of im2col.
type im2colTask[T tensor.Float] struct {
	g       convGeom
	col, x  []T
	p0, grp int
}

func (t *im2colTask[T]) Run(lo, hi int) { im2colPixels(&t.g, t.col, t.x, t.p0, t.grp, lo, hi) }

var im2colTasks parallel.TaskCache

// im2colPixels fills rows lo..hi of col (output pixels p0+lo..p0+hi);
// taps that fall in the padding get zeros. A window row that lies wholly
// inside the image and reads contiguous elements (no dilation along the
// row, one group) is one copy.
func im2colPixels[T tensor.Float](g *convGeom, col, x []T, p0, grp, lo, hi int) {
	k, cg := g.colK(), g.cinG()
	span := g.kw * cg
	off, per := grp*cg, g.oh*g.ow
	// The geometry in locals: the copies may write anywhere as far as
	// the compiler knows, so fields of g would be reloaded after each.
	h, w, c, kh, kw := g.h, g.w, g.c, g.kh, g.kw
	sh, sw, dh, padT, padL := g.sh, g.sw, g.dh, g.padT, g.padL
	oh, ow := g.oh, g.ow
	contiguous := g.dw == 1 && cg == c
	rowStep := dh * w * c // from one window row to the next in x
	n, r := (p0+lo)/per, (p0+lo)%per
	oy, ox := r/ow, r%ow
	for p := lo; p < hi; p++ {
		dst := col[p*k : (p+1)*k]
		ix0, iy0 := ox*sw-padL, oy*sh-padT
		if contiguous && ix0 >= 0 && ix0+kw <= w && iy0 >= 0 && iy0+(kh-1)*dh < h {
			// The whole window is inside the image: kh contiguous runs.
			src := ((n*h+iy0)*w + ix0) * c
			for i := 0; i < kh; i++ {
				copySmall(dst[i*span:(i+1)*span], x[src:src+span])
				src += rowStep
			}
		} else {
			whole := contiguous && ix0 >= 0 && ix0+kw <= w
			for i := 0; i < kh; i++ {
				row := dst[i*span : (i+1)*span]
				iy := iy0 + i*dh
				switch {
				case iy < 0 || iy >= h:
					clear(row)
				case whole:
					src := x[((n*h+iy)*w+ix0)*c:]
					copySmall(row, src[:len(row)])
				default:
					im2colRow(g, row, x[(n*h+iy)*w*c+off:], ox, cg)
				}
			}
		}
		if ox++; ox == ow {
			if ox, oy = 0, oy+1; oy == oh {
				oy, n = 0, n+1
			}
		}
	}
}

// im2colRow fills row, one window row of one group's cg channels at
// output column ox, from xrow (the input row, from the group's first
// channel); taps in the padding get zeros.
func im2colRow[T tensor.Float](g *convGeom, row, xrow []T, ox, cg int) {
	for j := 0; j < g.kw; j++ {
		ix := ox*g.sw - g.padL + j*g.dw
		switch {
		case ix < 0 || ix >= g.w:
			clear(row[j*cg : (j+1)*cg])
		case cg == 1:
			row[j] = xrow[ix*g.c]
		default:
			copy(row[j*cg:(j+1)*cg], xrow[ix*g.c:ix*g.c+cg])
		}
	}
}

// copySmall copies src into dst (of the same length) with a plain loop
// when they are short, where a call of copy costs more than the copy.
func copySmall[T tensor.Float](dst, src []T) {
	if len(dst) > 16 {
		copy(dst, src)
		return
	}
	src = src[:len(dst)]
	for j := range dst {
		dst[j] = src[j]
	}
}

// col2im adds the rows of col, the gradients of the windows of output rows
// r0..r1 (counted over the whole batch) for group grp, into the input
// gradient dx at the pixels each window read. It gathers: each input row
// is summed by one task, so no two tasks write the same element.
func col2im[T tensor.Float](g *convGeom, dx, col []T, r0, r1, grp int) {
	q0, q1 := r0/g.oh*g.h, ((r1-1)/g.oh+1)*g.h
	grain := max(1, convGrain/max(1, g.w*g.cinG()*g.kh*g.kw))
	if q1-q0 <= grain {
		col2imRows(g, dx, col, r0, r1, grp, q0, q1)
		return
	}
	parallel.ForCached(&col2imTasks, q1-q0, grain, col2imTask[T]{g: *g, dx: dx, col: col, r0: r0, r1: r1, grp: grp, q0: q0})
}

// col2imTask is the parallel loop of col2im, over input rows from q0.
type col2imTask[T tensor.Float] struct {
	g               convGeom
	dx, col         []T
	r0, r1, grp, q0 int
}

func (t *col2imTask[T]) Run(lo, hi int) {
	col2imRows(&t.g, t.dx, t.col, t.r0, t.r1, t.grp, t.q0+lo, t.q0+hi)
}

var col2imTasks parallel.TaskCache

// col2imRows does col2im for input rows q0..q1 (counted over the batch).
func col2imRows[T tensor.Float](g *convGeom, dx, col []T, r0, r1, grp, q0, q1 int) {
	k, cg := g.colK(), g.cinG()
	off := grp * cg
	for q := q0; q < q1; q++ {
		n, iy := q/g.h, q%g.h
		for i := 0; i < g.kh; i++ {
			t := iy + g.padT - i*g.dh
			if t < 0 || t%g.sh != 0 || t/g.sh >= g.oh {
				continue
			}
			r := n*g.oh + t/g.sh
			if r < r0 || r >= r1 {
				continue
			}
			crow := col[(r-r0)*g.ow*k:]
			if g.sw == 1 && g.dw == 1 && cg == g.c {
				col2imRowContiguous(g, dx[q*g.w*g.c:(q+1)*g.w*g.c], crow, i)
				continue
			}
			for ix := 0; ix < g.w; ix++ {
				dst := dx[(q*g.w+ix)*g.c+off:]
				dst = dst[:cg]
				for j := 0; j < g.kw; j++ {
					u := ix + g.padL - j*g.dw
					if u < 0 || u%g.sw != 0 || u/g.sw >= g.ow {
						continue
					}
					src := crow[(u/g.sw)*k+(i*g.kw+j)*cg:]
					src = src[:len(dst)]
					for c, v := range src {
						dst[c] += v
					}
				}
			}
		}
	}
}

// col2imRowContiguous adds to dxRow, one input row of all channels, the
// gradients that tap row i of the windows of one output row (crow, from
// the row's first window) sends to it, for a convolution of stride 1 and
// no dilation along the row and one group. For each tap column j, the
// windows that land inside the row write consecutive, disjoint pixels of
// dxRow, from consecutive rows of crow: one strided vector add
// (kernels.Rows) per tap, the taps in ascending order as col2imRows adds
// them in the general case.
func col2imRowContiguous[T tensor.Float](g *convGeom, dxRow, crow []T, i int) {
	k, c := g.colK(), g.c
	for j := 0; j < g.kw; j++ {
		// Window ox taps pixel ox - padL + j: the windows [lo, hi) land in the row.
		lo, hi := max(0, g.padL-j), min(g.ow, g.w+g.padL-j)
		if lo >= hi {
			continue
		}
		d := dxRow[(lo-g.padL+j)*c:]
		kernels.Rows(kernels.OpAdd, d, d, crow[lo*k+(i*g.kw+j)*c:], hi-lo, c, c, k)
	}
}

// addTo adds src to dst elementwise (of the same length).
func addTo[T tensor.Float](dst, src []T) {
	src = src[:len(dst)]
	for j, v := range src {
		dst[j] += v
	}
}
