package tensor

import (
	"sync"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
)

// A float column sum of few, tall columns (the bias gradient: an
// (N·H·W, C) block summed over its rows for C of 32 or 64) has too few
// column blocks to share out, so reduceCols would run it on one core.
// sumColsSplit instead cuts the rows into a fixed number of parts that
// depends only on the block's size (never on the worker count or on
// scheduling), sums each part into its own float64 accumulators on any
// core, and adds the parts in part order: the result is the same on every
// run and every machine.

// splitParts is the most row parts a split column sum uses; it bounds the
// scratch to splitParts×reduceBlock accumulators, so only blocks of at
// most reduceBlock columns split.
const splitParts = 16

// colSplitTask sums row part p of the (r, inner) block x into
// acc[p*inner:(p+1)*inner].
type colSplitTask[T Float] struct {
	x               []T
	r, inner, parts int
	acc             [splitParts * reduceBlock]float64
}

func (t *colSplitTask[T]) Run(lo, hi int) {
	for p := lo; p < hi; p++ {
		a := t.acc[p*t.inner : (p+1)*t.inner]
		clear(a)
		r0, r1 := p*t.r/t.parts, (p+1)*t.r/t.parts
		kernels.ColSum(a, t.x[r0*t.inner:], r1-r0, t.inner)
	}
}

var colSplitTasks [2]sync.Pool

// splitMaxUnits bounds the 32-column (slab, block) units of a column sum
// that splits by rows: with more, reduceCols has enough units to share
// out by columns. The bound is a constant, not the worker count, because
// the split sums in another order: whether a block splits must depend
// only on its shape, or the same sum would round differently when the
// parallel governor narrows the pool on a busy machine.
const splitMaxUnits = 16

// splitPartsFor returns how many row parts a split column sum of outer
// (r, inner) slabs uses, or 0 when the block is not worth splitting. It
// depends only on the sizes, so a given sum always takes the same path.
func splitPartsFor(outer, r, inner int) int {
	if inner > reduceBlock || outer*((inner+31)/32) >= splitMaxUnits {
		return 0
	}
	parts := min(splitParts, r*inner/reduceGrain, r)
	if parts < 2 {
		return 0
	}
	return parts
}

// sumColsSplit writes to out (inner elements) the column sums of the
// (r, inner) block x, summing its rows in parts row parts.
func sumColsSplit[T Float](x, out []T, r, inner, parts int) {
	pool := &colSplitTasks[ewtIdx[T]()]
	t := ewtGet[colSplitTask[T]](pool)
	t.x, t.r, t.inner, t.parts = x, r, inner, parts
	parallel.ForTask(parts, 1, t)
	o := out[:inner]
	for j := range o {
		s := t.acc[j]
		for p := 1; p < parts; p++ {
			s += t.acc[p*inner+j]
		}
		o[j] = T(s)
	}
	t.x = nil
	pool.Put(t)
}

// colSplitter is a reducer that can run a column reduction split by rows.
type colSplitter[T, O Number] interface {
	// splitCols reduces the (outer, r, inner) block x over r into out
	// when it is worth splitting by rows, and reports whether it did.
	splitCols(x []T, out []O, outer, r, inner int) bool
}

// reduceColsSplit runs the (outer, r, inner) column reduction with k split
// by rows when k can and the block is worth it, and reports whether it did.
func reduceColsSplit[T, O Number](x []T, out []O, outer, r, inner int, k reducer[T, O]) bool {
	s, ok := any(k).(colSplitter[T, O])
	return ok && s.splitCols(x, out, outer, r, inner)
}

// splitCols runs the float column sum one slab at a time through
// sumColsSplit when the slabs are worth splitting.
func (sumFloat[T]) splitCols(x, out []T, outer, r, inner int) bool {
	parts := splitPartsFor(outer, r, inner)
	if parts == 0 {
		return false
	}
	slab := r * inner
	for o := 0; o < outer; o++ {
		sumColsSplit(x[o*slab:(o+1)*slab], out[o*inner:], r, inner, parts)
	}
	return true
}
