package tensor

import (
	"slices"

	"github.com/neurite/neurite/internal/parallel"
)

// Concat joins tensors along an existing axis, like numpy.concatenate. All
// operands must have the same dtype and rank and agree on every dimension
// except axis; a mismatch panics with an *Error naming the offending
// operand's index and its shape next to operand 0's. Operands of size 0
// along axis are allowed. [Split] is its inverse (and its gradient).
func Concat(axis int, ts ...*Tensor) *Tensor {
	const op = "Concat"
	a, total := shpCheckConcat(op, axis, ts)
	shape := ts[0].shape.Clone()
	shape[a] = total
	dst := New(ts[0].dtype, shape...)
	shpConcatData(dst, ts, a, false)
	return dst
}

// ConcatInto writes [Concat](axis, ts...) into dst, which must have the
// joined shape and the operands' dtype and must not overlap any of them.
func ConcatInto(dst *Tensor, axis int, ts ...*Tensor) {
	const op = "ConcatInto"
	a, total := shpCheckConcat(op, axis, ts)
	ok := dst.dtype == ts[0].dtype && len(dst.shape) == len(ts[0].shape)
	for k := 0; ok && k < len(dst.shape); k++ {
		if k == a {
			ok = dst.shape[k] == total
		} else {
			ok = dst.shape[k] == ts[0].shape[k]
		}
	}
	if !ok {
		want := ts[0].shape.Clone()
		want[a] = total
		shpCheckDst(op, dst, ts[0].dtype, want)
	}
	shpConcatData(dst, ts, a, false)
}

// Stack joins tensors of identical shape and dtype along a new axis, like
// numpy.stack: the result has the operands' shape with len(ts) inserted at
// axis, which may be negative and lies in [-rank-1, rank]. A mismatch
// panics with an *Error naming the offending operand's index and shape.
func Stack(axis int, ts ...*Tensor) *Tensor {
	const op = "Stack"
	if len(ts) == 0 {
		panicf(op, "no tensors to stack")
	}
	s0 := ts[0].shape
	a := normAxis(op, axis, len(s0)+1)
	for i, t := range ts {
		if t.dtype != ts[0].dtype {
			shpFail(op, []Shape{s0, t.shape}, "operand %d holds %v, operand 0 holds %v", i, t.dtype, ts[0].dtype)
		}
		if !t.shape.Equal(s0) {
			shpFail(op, []Shape{s0, t.shape}, "operand %d has a different shape from operand 0", i)
		}
	}
	dst := New(ts[0].dtype, slices.Insert(s0.Clone(), a, len(ts))...)
	shpConcatData(dst, ts, a, true)
	return dst
}

// Split cuts t along axis into consecutive pieces of the given sizes,
// returning copies, like the inverse of [Concat] (and its gradient). The
// sizes must be non-negative and sum to t.Dim(axis); otherwise Split
// panics with an *Error.
func Split(t *Tensor, axis int, sizes ...int) []*Tensor {
	const op = "Split"
	a := normAxis(op, axis, len(t.shape))
	sum := 0
	for _, s := range sizes {
		if s < 0 {
			shpFail(op, []Shape{t.shape}, "negative size %d in sizes %v", s, sizes)
		}
		sum += s
	}
	if sum != t.shape[a] {
		shpFail(op, []Shape{t.shape}, "sizes %v sum to %d, but axis %d has size %d", sizes, sum, axis, t.shape[a])
	}
	out := make([]*Tensor, len(sizes))
	lo := 0
	for i, s := range sizes {
		shape := t.shape.Clone()
		shape[a] = s
		out[i] = New(t.dtype, shape...)
		shpSliceInto(op, out[i], t, a, lo, lo+s)
		lo += s
	}
	return out
}

// shpCheckConcat validates the operands of a concatenation along axis and
// returns the normalized axis and the joined size along it.
func shpCheckConcat(op string, axis int, ts []*Tensor) (a, total int) {
	if len(ts) == 0 {
		panicf(op, "no tensors to concatenate")
	}
	s0 := ts[0].shape
	a = normAxis(op, axis, len(s0))
	for i, t := range ts {
		if t.dtype != ts[0].dtype {
			shpFail(op, []Shape{s0, t.shape}, "operand %d holds %v, operand 0 holds %v", i, t.dtype, ts[0].dtype)
		}
		ok := len(t.shape) == len(s0)
		for k := 0; ok && k < len(s0); k++ {
			ok = k == a || t.shape[k] == s0[k]
		}
		if !ok {
			shpFail(op, []Shape{s0, t.shape}, "operand %d does not match operand 0 outside axis %d", i, axis)
		}
		total += t.shape[a]
	}
	return a, total
}

// shpConcatData copies the operands into their places in dst along axis
// a; stack says the operands lack that axis (each fills one index of it).
func shpConcatData(dst *Tensor, ts []*Tensor, a int, stack bool) {
	outer, total, inner := shpSplitAt(dst.shape, a)
	off := 0
	for _, t := range ts {
		d := 1
		if !stack {
			d = t.shape[a]
		}
		switch dd := dst.data.(type) {
		case []float32:
			shpConcatOne(dd, t.data.([]float32), outer, total, d, off, inner)
		case []float64:
			shpConcatOne(dd, t.data.([]float64), outer, total, d, off, inner)
		case []int64:
			shpConcatOne(dd, t.data.([]int64), outer, total, d, off, inner)
		}
		off += d
	}
}

// shpConcatOne copies src, viewed as (outer, d, inner), into dst, viewed as
// (outer, total, inner), at offset off of the middle axis.
func shpConcatOne[T Number](dst, src []T, outer, total, d, off, inner int) {
	chunk := d * inner
	if outer*chunk < 2*shpGrain {
		shpConcatRows(dst, src, total, off, inner, chunk, 0, outer)
		return
	}
	t := parallel.GetTask[concatTask[T]](&concatTasks)
	*t = concatTask[T]{dst: dst, src: src, total: total, off: off, inner: inner, chunk: chunk}
	parallel.ForTask(outer, max(1, shpGrain/max(1, chunk)), t)
	*t = concatTask[T]{}
	concatTasks.Put(t)
}

// concatTask is the parallel loop of shpConcatOne. It lives in
// concatTasks between runs, so that a concatenation allocates nothing.
type concatTask[T Number] struct {
	dst, src                 []T
	total, off, inner, chunk int
}

var concatTasks parallel.TaskCache

// Run copies outer positions [lo, hi).
func (t *concatTask[T]) Run(lo, hi int) {
	shpConcatRows(t.dst, t.src, t.total, t.off, t.inner, t.chunk, lo, hi)
}

// shpConcatRows does outer positions [lo, hi) of shpConcatOne.
func shpConcatRows[T Number](dst, src []T, total, off, inner, chunk, lo, hi int) {
	for o := lo; o < hi; o++ {
		s := (o*total + off) * inner
		copy(dst[s:s+chunk], src[o*chunk:(o+1)*chunk])
	}
}
