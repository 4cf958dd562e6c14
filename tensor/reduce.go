package tensor

import (
	"fmt"

	"github.com/neurite/neurite/internal/parallel"
)

// This file holds the axis-reduction engine shared by Sum, Mean, Max, Min,
// Variance, ArgMax, ArgMin and SumTo.
//
// A reduction is described by the input shape and a bit mask of the reduced
// axes. Dimensions of size 1 do not matter, so when the reduced axes are
// adjacent once those are ignored, the row-major input is viewed as an
// (outer, r, inner) block and reduced over r:
//
//   - inner == 1 (reduce the trailing axes, e.g. row sums): every output is
//     the reduction of one contiguous run of r elements;
//   - inner > 1 (reduce leading or middle axes, e.g. column sums): a kernel
//     walks the r rows of an outer slab and accumulates a block of up to
//     reduceBlock adjacent columns at once, so every read is contiguous.
//
// Otherwise (reduced axes separated by a kept axis, e.g. axes (0, 2) of a
// (2, 3, 4) tensor) the engine gathers the elements of each output into a
// scratch row with strided loops and applies the row kernel to it.
//
// Work is split over internal/parallel when it exceeds reduceGrain elements.

// reduceMaxRank is the highest rank a reduction supports (numpy's limit).
const reduceMaxRank = 64

// reduceBlock is the widest column block a column kernel handles at once;
// kernels keep their per-column accumulators in arrays of this length.
const reduceBlock = 256

// reduceGrain is the least number of input elements a parallel chunk reads.
const reduceGrain = 32 << 10

// reducer reduces contiguous data of type T into outputs of type O.
type reducer[T, O Number] interface {
	// row returns the reduction of the contiguous run x (len(x) > 0).
	row(x []T) O
	// cols reduces the (r, inner) row-major block x over its r rows for
	// the columns [j0, j1) (at most reduceBlock of them), writing out[j0:j1].
	cols(x []T, r, inner, j0, j1 int, out []O)
}

// reduceMask normalises axes for a tensor of the given shape into a bit
// mask of reduced axes. nil or empty axes select every axis; negative axes
// count from the end. Out-of-range or repeated axes panic with an *Error
// naming op and the shape.
func reduceMask(op string, shape Shape, axes []int) uint64 {
	rank := len(shape)
	if rank > reduceMaxRank {
		panicShapes(op, fmt.Sprintf("rank %d exceeds the maximum of %d", rank, reduceMaxRank), shape)
	}
	if len(axes) == 0 {
		return 1<<uint(rank) - 1 // all ones for rank 64: Go shifts out to 0
	}
	var mask uint64
	for _, a := range axes {
		a = reduceAxis(op, shape, a)
		if mask&(1<<a) != 0 {
			panicShapes(op, fmt.Sprintf("duplicate axis %d in %v", a, axes), shape)
		}
		mask |= 1 << a
	}
	return mask
}

// reduceAxis normalises the single axis of ArgMax, Softmax and the like
// into [0, rank), panicking with an *Error naming op and the shape when it
// is out of range.
func reduceAxis(op string, shape Shape, axis int) int {
	rank := len(shape)
	if axis < -rank || axis >= rank {
		panicShapes(op, fmt.Sprintf("axis %d is out of range for rank %d", axis, rank), shape)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// reduceAxisMask is reduceMask for a single axis.
func reduceAxisMask(op string, shape Shape, axis int) uint64 {
	if len(shape) > reduceMaxRank {
		panicShapes(op, fmt.Sprintf("rank %d exceeds the maximum of %d", len(shape), reduceMaxRank), shape)
	}
	return 1 << reduceAxis(op, shape, axis)
}

// reduced reports whether axis i is set in mask.
func reduced(mask uint64, i int) bool { return mask>>uint(i)&1 == 1 }

// reduceShape returns the result shape of reducing shape over mask.
func reduceShape(shape Shape, mask uint64, keepDims bool) Shape {
	out := make(Shape, 0, len(shape))
	for i, d := range shape {
		switch {
		case !reduced(mask, i):
			out = append(out, d)
		case keepDims:
			out = append(out, 1)
		}
	}
	return out
}

// reduceShapeIs reports, without allocating, whether got equals
// reduceShape(shape, mask, keepDims).
func reduceShapeIs(got, shape Shape, mask uint64, keepDims bool) bool {
	j := 0
	for i, d := range shape {
		if reduced(mask, i) {
			if !keepDims {
				continue
			}
			d = 1
		}
		if j >= len(got) || got[j] != d {
			return false
		}
		j++
	}
	return j == len(got)
}

// reduceCount returns how many input elements fold into each output.
func reduceCount(shape Shape, mask uint64) int {
	n := 1
	for i, d := range shape {
		if reduced(mask, i) {
			n *= d
		}
	}
	return n
}

// reduceGeom views a reduction as (outer, r, inner). ok is false when the
// reduced axes (ignoring size-1 axes) are not adjacent.
func reduceGeom(shape Shape, mask uint64) (outer, r, inner int, ok bool) {
	outer, r, inner = 1, 1, 1
	state := 0 // 0: before the reduced run, 1: inside it, 2: after it
	for i, d := range shape {
		if d == 1 {
			continue
		}
		switch red := reduced(mask, i); {
		case red && state == 2:
			return 0, 0, 0, false
		case red:
			state = 1
			r *= d
		case state == 0:
			outer *= d
		default:
			state = 2
			inner *= d
		}
	}
	return outer, r, inner, true
}

// reduceCheckDst panics with an *Error naming op unless dst is a tensor of
// the given dtype and of the shape that reducing t over mask yields.
func reduceCheckDst(op string, dst, t *Tensor, dtype DType, mask uint64, keepDims bool) {
	if dst == nil {
		panicShapes(op, "destination is nil", t.shape)
	}
	if dst.dtype != dtype {
		panicShapes(op, fmt.Sprintf("destination dtype is %v, want %v", dst.dtype, dtype), dst.shape, t.shape)
	}
	if !reduceShapeIs(dst.shape, t.shape, mask, keepDims) {
		want := reduceShape(t.shape, mask, keepDims)
		panicShapes(op, "destination shape does not match the result shape "+want.String(), dst.shape, t.shape)
	}
}

// reduceCheckFloat panics with an *Error naming op unless t is float.
func reduceCheckFloat(op string, t *Tensor) {
	if !t.dtype.IsFloat() {
		panicShapes(op, fmt.Sprintf("needs a float tensor, got %v", t.dtype), t.shape)
	}
}

// reduceRun reduces x (of the given shape) over mask into out with k.
// Every reduced axis must be non-empty.
func reduceRun[T, O Number](x []T, out []O, shape Shape, mask uint64, k reducer[T, O]) {
	if len(out) == 0 {
		return
	}
	outer, r, inner, ok := reduceGeom(shape, mask)
	switch {
	case !ok:
		reduceGather(x, out, shape, mask, k)
	case inner == 1:
		reduceRows(x, out, outer, r, k)
	default:
		reduceCols(x, out, outer, r, inner, k)
	}
}

// reduceRows reduces each of the outer contiguous runs of r elements.
func reduceRows[T, O Number](x []T, out []O, outer, r int, k reducer[T, O]) {
	if outer == 1 || outer*r < 2*reduceGrain {
		reduceRowRange(x, out, r, 0, outer, k)
		return
	}
	reduceParallel(x, out, r, 0, 0, false, k, outer, (reduceGrain+r-1)/r)
}

func reduceRowRange[T, O Number](x []T, out []O, r, lo, hi int, k reducer[T, O]) {
	for o := lo; o < hi; o++ {
		out[o] = k.row(x[o*r : (o+1)*r])
	}
}

// reduceCols reduces the (outer, r, inner) block over r, one column block
// of one outer slab at a time.
func reduceCols[T, O Number](x []T, out []O, outer, r, inner int, k reducer[T, O]) {
	if reduceColsSplit(x, out, outer, r, inner, k) {
		return
	}
	bw, units, grain := reduceColPlan(outer, r, inner)
	if units == 1 || outer*r*inner < 2*reduceGrain {
		reduceColRange(x, out, r, inner, bw, 0, units, k)
		return
	}
	reduceParallel(x, out, r, inner, bw, true, k, units, grain)
}

// reduceColPlan picks the column block width bw for an (outer, r, inner)
// column pass, the number of (slab, block) units, and the parallel grain
// in units. Blocks narrow (down to 32 columns) until there are enough
// units to keep every worker busy.
func reduceColPlan(outer, r, inner int) (bw, units, grain int) {
	bw = min(reduceBlock, inner)
	want := 2 * parallel.Workers()
	for bw > 32 && outer*((inner+bw-1)/bw) < want {
		bw /= 2
	}
	units = outer * ((inner + bw - 1) / bw)
	grain = max(1, reduceGrain/(r*bw))
	return bw, units, grain
}

func reduceColRange[T, O Number](x []T, out []O, r, inner, bw, lo, hi int, k reducer[T, O]) {
	nb := (inner + bw - 1) / bw
	slab := r * inner
	for u := lo; u < hi; u++ {
		o, b := u/nb, u%nb
		j0 := b * bw
		j1 := min(j0+bw, inner)
		k.cols(x[o*slab:(o+1)*slab], r, inner, j0, j1, out[o*inner:(o+1)*inner])
	}
}

// reduceGather handles reduced axes that are not adjacent: the elements
// of each output are copied into a scratch row, which k.row reduces.
func reduceGather[T, O Number](x []T, out []O, shape Shape, mask uint64, k reducer[T, O]) {
	g := newGatherPlan(shape, mask)
	if len(out)*g.n < 2*reduceGrain {
		gatherRun(&g, x, out, 0, len(out), k)
		return
	}
	parallel.For(len(out), max(1, reduceGrain/g.n), func(lo, hi int) {
		gatherRun(&g, x, out, lo, hi, k)
	})
}

// gatherPlan lists the kept and reduced axis groups of a reduction, with
// adjacent axes of the same kind merged and size-1 axes dropped.
type gatherPlan struct {
	keptSize, keptStride []int // outermost first
	redSize, redStride   []int // outermost first
	n                    int   // elements per output
}

func newGatherPlan(shape Shape, mask uint64) gatherPlan {
	var g gatherPlan
	g.n = 1
	stride := 1
	prevRed := -1 // kind of the group last added: 0 kept, 1 reduced
	for i := len(shape) - 1; i >= 0; i-- {
		d := shape[i]
		if d == 1 {
			continue
		}
		red := 0
		if reduced(mask, i) {
			red = 1
			g.n *= d
		}
		sizes, strides := &g.keptSize, &g.keptStride
		if red == 1 {
			sizes, strides = &g.redSize, &g.redStride
		}
		if red == prevRed {
			(*sizes)[len(*sizes)-1] *= d
		} else {
			*sizes = append(*sizes, d)
			*strides = append(*strides, stride)
		}
		prevRed = red
		stride *= d
	}
	reverseInts(g.keptSize)
	reverseInts(g.keptStride)
	reverseInts(g.redSize)
	reverseInts(g.redStride)
	return g
}

func reverseInts(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// gatherRun computes outputs [lo, hi) (in row-major order of the kept
// axes) of the reduction g describes.
func gatherRun[T, O Number](g *gatherPlan, x []T, out []O, lo, hi int, k reducer[T, O]) {
	buf := make([]T, g.n)
	idx := make([]int, len(g.redSize))
	for o := lo; o < hi; o++ {
		base, rem := 0, o
		for a := len(g.keptSize) - 1; a >= 0; a-- {
			base += rem % g.keptSize[a] * g.keptStride[a]
			rem /= g.keptSize[a]
		}
		gatherInto(g, buf, x, base, idx)
		out[o] = k.row(buf)
	}
}

// gather copies the g.n elements that fold into the output at offset base
// into buf, walking the reduced groups with the odometer idx.
func gatherInto[T Number](g *gatherPlan, buf, x []T, base int, idx []int) {
	last := len(g.redSize) - 1
	m, s := g.redSize[last], g.redStride[last]
	clear(idx)
	for p := 0; p < len(buf); p += m {
		src := base
		for a := 0; a < last; a++ {
			src += idx[a] * g.redStride[a]
		}
		dst := buf[p : p+m]
		if s == 1 {
			copy(dst, x[src:src+m])
		} else {
			for j := range dst {
				dst[j] = x[src+j*s]
			}
		}
		for a := last - 1; a >= 0; a-- {
			if idx[a]++; idx[a] < g.redSize[a] {
				break
			}
			idx[a] = 0
		}
	}
}
