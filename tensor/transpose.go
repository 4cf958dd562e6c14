package tensor

import (
	"slices"

	"github.com/neurite/neurite/internal/parallel"
)

// Transpose returns a copy of t with its axes permuted: axis i of the
// result is axis perm[i] of t, like numpy.transpose. With no perm the axes
// are reversed (a matrix is transposed). perm entries may be negative. It
// panics with an *Error unless perm is a permutation of t's axes.
func Transpose(t *Tensor, perm ...int) *Tensor {
	const op = "Transpose"
	shpCheckPerm(op, t.shape, perm)
	dst := New(t.dtype, shpTransposedShape(t.shape, perm)...)
	shpTransposeInto(op, dst, t, perm)
	return dst
}

// TransposeInto writes [Transpose](t, perm...) into dst, which must have
// the permuted shape and t's dtype and must not overlap t. It allocates
// nothing for small tensors (a few words to share work across cores for
// large ones).
func TransposeInto(dst, t *Tensor, perm ...int) {
	const op = "TransposeInto"
	shpCheckPerm(op, t.shape, perm)
	shpTransposeInto(op, dst, t, perm)
}

// shpTransposeInto is TransposeInto for a perm already checked.
func shpTransposeInto(op string, dst, t *Tensor, perm []int) {
	r := len(t.shape)
	ok := dst.dtype == t.dtype && len(dst.shape) == r
	for i := 0; ok && i < r; i++ {
		ok = dst.shape[i] == t.shape[shpPermAxis(perm, r, i)]
	}
	if !ok {
		shpCheckDst(op, dst, t.dtype, shpTransposedShape(t.shape, perm))
	}
	var p shpPlan
	p.init(op, 0)
	for i := 0; i < r; i++ {
		a := shpPermAxis(perm, r, i)
		p.add(t.shape[a], shpStride(t.shape, a))
	}
	shpCopy(dst, t, &p)
}

// shpCheckPerm panics with an *Error for op unless perm is empty or a
// permutation of the axes of shape (entries may be negative).
func shpCheckPerm(op string, shape Shape, perm []int) {
	r := len(shape)
	if len(perm) == 0 {
		return
	}
	if len(perm) != r {
		shpFail(op, []Shape{shape}, "perm %v has %d axes for a tensor of rank %d", slices.Clone(perm), len(perm), r)
	}
	for i, a := range perm {
		if a < -r || a >= r {
			shpFail(op, []Shape{shape}, "perm %v: axis %d is out of range for rank %d", slices.Clone(perm), a, r)
		}
		for j := 0; j < i; j++ {
			if shpPermAxis(perm, r, j) == shpPermAxis(perm, r, i) {
				shpFail(op, []Shape{shape}, "perm %v is not a permutation: axis %d repeats", slices.Clone(perm), a)
			}
		}
	}
}

// shpPermAxis returns the axis of the input that becomes axis i of the
// output under perm (reversed axes when perm is empty).
func shpPermAxis(perm []int, r, i int) int {
	if len(perm) == 0 {
		return r - 1 - i
	}
	if a := perm[i]; a < 0 {
		return a + r
	}
	return perm[i]
}

// shpTransposedShape returns the shape of shape permuted by a checked perm.
func shpTransposedShape(shape Shape, perm []int) Shape {
	out := make(Shape, len(shape))
	for i := range out {
		out[i] = shape[shpPermAxis(perm, len(shape), i)]
	}
	return out
}

// shpStride returns the row-major element stride of axis a of shape.
func shpStride(shape Shape, a int) int {
	s := 1
	for _, d := range shape[a+1:] {
		s *= d
	}
	return s
}

// The strided-copy kernel below is shared by Transpose, Slice and
// BroadcastTo: each describes its result as a strided view of its input
// (a shpPlan) and lets shpCopy materialise it.

// shpMaxRank bounds the rank of a plan. Plans drop axes of size 1 and stop
// at an axis of size 0, so each axis they keep has size >= 2 and a plan of
// this rank would describe 2^64 elements: no real tensor reaches it.
const shpMaxRank = 64

// shpTileRows and shpTileCols are the height and width of the tiles of the
// cache-blocked transpose. The tiles are narrow because the destination
// columns of one tile are read from source rows a whole row apart, and at
// power-of-two row lengths those all map to one cache set: with 8 of them
// the set's ways still hold every line until all its elements are used.
const (
	shpTileRows = 32
	shpTileCols = 8
)

// shpGrain is the least number of elements worth one parallel chunk.
const shpGrain = 1 << 14

// shpPlan describes a strided copy into a contiguous destination: the
// element at multi-index i (row-major over shape) is read from
// src[base + Σ i[k]·stride[k]]. A stride of 0 repeats (broadcasts) a value.
type shpPlan struct {
	op     string
	rank   int
	n      int // number of elements the plan writes
	base   int
	shape  [shpMaxRank]int
	stride [shpMaxRank]int
}

// init starts an empty plan (a scalar read from src[base]) for op.
func (p *shpPlan) init(op string, base int) {
	p.op, p.rank, p.n, p.base = op, 0, 1, base
}

// add appends an inner axis of the given size and source stride. Axes of
// size 1 are dropped, and an axis that continues the previous one in
// memory is merged into it, so that the copy runs over as few and as long
// axes as possible.
func (p *shpPlan) add(size, stride int) {
	p.n *= size
	if size == 1 || p.n == 0 {
		return
	}
	r := p.rank
	if r > 0 && p.stride[r-1] == size*stride {
		p.shape[r-1] *= size
		p.stride[r-1] = stride
		return
	}
	if r == shpMaxRank {
		panicf(p.op, "too many dimensions")
	}
	p.shape[r], p.stride[r] = size, stride
	p.rank++
}

// tiled reports whether the copy should walk the last two axes in square
// tiles: when the rows of the destination advance through the source faster
// than its columns do (a transpose), tiles keep both sides in cache.
func (p *shpPlan) tiled() bool {
	r := p.rank
	return r >= 2 && p.stride[r-2] > 0 && p.stride[r-2] < p.stride[r-1]
}

// units returns how many work units the copy has and how many elements
// each writes: rows of the last axis, or tile rows (shpTileRows rows of the
// last two axes) when tiled.
func (p *shpPlan) units(tiled bool) (units, per int) {
	r := p.rank
	if tiled {
		m, n := p.shape[r-2], p.shape[r-1]
		nb := (m + shpTileRows - 1) / shpTileRows
		return p.n / (m * n) * nb, shpTileRows * n
	}
	return p.n / p.shape[r-1], p.shape[r-1]
}

// shpCopy runs plan p, copying from src into dst (same dtype, dst holding
// p.n elements).
func shpCopy(dst, src *Tensor, p *shpPlan) {
	switch d := dst.data.(type) {
	case []float32:
		shpRun(p, d, src.data.([]float32))
	case []float64:
		shpRun(p, d, src.data.([]float64))
	case []int64:
		shpRun(p, d, src.data.([]int64))
	}
}

// shpRun executes plan p, in parallel when it is large.
func shpRun[T Number](p *shpPlan, dst, src []T) {
	if p.n == 0 {
		return
	}
	if p.rank == 0 {
		dst[0] = src[p.base]
		return
	}
	tiled := p.tiled()
	units, per := p.units(tiled)
	if p.n < 2*shpGrain {
		shpExec(p, tiled, dst, src, 0, units)
		return
	}
	t := parallel.GetTask[shpTask[T]](&shpTasks)
	t.p, t.tiled, t.dst, t.src = *p, tiled, dst, src
	parallel.ForTask(units, max(1, shpGrain/per), t)
	*t = shpTask[T]{} // keep no reference to the tensors
	shpTasks.Put(t)
}

// shpTask is the parallel loop of shpRun over work units; it is cached in
// shpTasks so that a large copy allocates nothing.
type shpTask[T Number] struct {
	p        shpPlan
	tiled    bool
	dst, src []T
}

var shpTasks parallel.TaskCache

// Run copies work units [lo, hi).
func (t *shpTask[T]) Run(lo, hi int) { shpExec(&t.p, t.tiled, t.dst, t.src, lo, hi) }

// shpExec executes work units [lo, hi) of plan p.
func shpExec[T Number](p *shpPlan, tiled bool, dst, src []T, lo, hi int) {
	if tiled {
		shpTiles(p, dst, src, lo, hi)
	} else {
		shpRows(p, dst, src, lo, hi)
	}
}

// shpRows copies rows [lo, hi) of the last axis of plan p, stepping a
// multi-index counter over the outer axes.
func shpRows[T Number](p *shpPlan, dst, src []T, lo, hi int) {
	r := p.rank
	inner, s := p.shape[r-1], p.stride[r-1]
	var cnt [shpMaxRank]int
	off, rem := p.base, lo
	for k := r - 2; k >= 0; k-- {
		cnt[k] = rem % p.shape[k]
		rem /= p.shape[k]
		off += cnt[k] * p.stride[k]
	}
	for row := lo; row < hi; row++ {
		d := dst[row*inner : (row+1)*inner]
		switch s {
		case 1:
			copy(d, src[off:off+inner])
		case 0:
			v := src[off]
			for j := range d {
				d[j] = v
			}
		default:
			o := off
			for j := range d {
				d[j] = src[o]
				o += s
			}
		}
		for k := r - 2; k >= 0; k-- {
			cnt[k]++
			off += p.stride[k]
			if cnt[k] < p.shape[k] {
				break
			}
			off -= p.shape[k] * p.stride[k]
			cnt[k] = 0
		}
	}
}

// shpTiles copies tile rows [lo, hi) of plan p: unit u is block u%nb (of
// shpTileRows rows) of the (m, n) plane number u/nb over the outer axes. Each
// plane is walked in shpTileRows×shpTileCols tiles.
func shpTiles[T Number](p *shpPlan, dst, src []T, lo, hi int) {
	r := p.rank
	m, n := p.shape[r-2], p.shape[r-1]
	sa, sb := p.stride[r-2], p.stride[r-1]
	nb := (m + shpTileRows - 1) / shpTileRows
	for u := lo; u < hi; u++ {
		plane, blk := u/nb, u%nb
		off, rem := p.base, plane
		for k := r - 3; k >= 0; k-- {
			off += rem % p.shape[k] * p.stride[k]
			rem /= p.shape[k]
		}
		i0 := blk * shpTileRows
		i1 := min(i0+shpTileRows, m)
		dp := dst[plane*m*n : (plane+1)*m*n]
		for j0 := 0; j0 < n; j0 += shpTileCols {
			j1 := min(j0+shpTileCols, n)
			for i := i0; i < i1; i++ {
				d := dp[i*n+j0 : i*n+j1]
				o := off + i*sa + j0*sb
				for j := range d {
					d[j] = src[o]
					o += sb
				}
			}
		}
	}
}
