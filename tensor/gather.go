package tensor

import "github.com/neurite/neurite/internal/parallel"

// Gather returns the slices of t at the given positions along axis, in the
// order given, like numpy.take(t, indices, axis) with 1-D indices: the
// result has t's shape with axis resized to len(indices). Indices may
// repeat. A negative index or one >= t.Dim(axis) panics with an *Error
// naming the index and the axis size.
func Gather(t *Tensor, indices []int, axis int) *Tensor {
	const op = "Gather"
	a := normAxis(op, axis, len(t.shape))
	dst := New(t.dtype, shpGatherShape(t.shape, a, Shape{len(indices)})...)
	shpGatherInto(op, dst, t, indices, Shape{len(indices)}, a)
	return dst
}

// GatherInto writes [Gather](t, indices, axis) into dst, which must have
// the result's shape and t's dtype and must not overlap t.
func GatherInto(dst, t *Tensor, indices []int, axis int) {
	const op = "GatherInto"
	a := normAxis(op, axis, len(t.shape))
	shpGatherInto(op, dst, t, indices, Shape{len(indices)}, a)
}

// GatherRows returns [Gather](t, indices, 0): the rows of t at the given
// positions, as used to shuffle a data set or draw a mini-batch.
func GatherRows(t *Tensor, indices []int) *Tensor {
	const op = "GatherRows"
	a := normAxis(op, 0, len(t.shape))
	dst := New(t.dtype, shpGatherShape(t.shape, a, Shape{len(indices)})...)
	shpGatherInto(op, dst, t, indices, Shape{len(indices)}, a)
	return dst
}

// GatherT gathers slices of t along axis at the positions held in idx, an
// Int64 tensor of any shape, like tf.gather: the result has shape
// t.shape[:axis] + idx.shape + t.shape[axis+1:]. With a rank-1 idx it is
// [Gather]; with idx of shape (batch, seq) on a (vocab, dim) table it is an
// embedding lookup of shape (batch, seq, dim). Indices outside
// [0, t.Dim(axis)) panic with an *Error. [ScatterAdd] is its adjoint.
func GatherT(t, idx *Tensor, axis int) *Tensor {
	const op = "GatherT"
	a := normAxis(op, axis, len(t.shape))
	ix := shpIndexData(op, idx)
	dst := New(t.dtype, shpGatherShape(t.shape, a, idx.shape)...)
	shpGatherInto(op, dst, t, ix, idx.shape, a)
	return dst
}

// GatherTInto writes [GatherT](t, idx, axis) into dst, which must have the
// result's shape and t's dtype and must not overlap t.
func GatherTInto(dst, t, idx *Tensor, axis int) {
	const op = "GatherTInto"
	a := normAxis(op, axis, len(t.shape))
	shpGatherInto(op, dst, t, shpIndexData(op, idx), idx.shape, a)
}

// ScatterAdd adds each slice of updates into dst at the position along
// axis that indices gives for it: for every index position k of indices,
//
//	dst[..., indices[k], ...] += updates[..., k, ...]
//
// where updates has shape dst.shape[:axis] + indices.shape +
// dst.shape[axis+1:] and indices is an Int64 tensor of any shape with
// entries in [0, dst.Dim(axis)). Repeated indices accumulate. ScatterAdd is
// the adjoint of [GatherT]: for any x, u,
// <GatherT(x, indices, axis), u> == <x, ScatterAdd(zeros, indices, u, axis)>,
// so it back-propagates the gradient of a gather (an embedding lookup).
// updates must have dst's dtype and must not overlap dst.
func ScatterAdd(dst *Tensor, indices *Tensor, updates *Tensor, axis int) {
	const op = "ScatterAdd"
	a := normAxis(op, axis, len(dst.shape))
	ix := shpIndexData(op, indices)
	if updates.dtype != dst.dtype {
		shpFail(op, []Shape{dst.shape, indices.shape, updates.shape}, "updates hold %v, dst holds %v", updates.dtype, dst.dtype)
	}
	if !shpGatherShapeIs(updates.shape, dst.shape, a, indices.shape) {
		shpFail(op, []Shape{dst.shape, indices.shape, updates.shape},
			"updates must have shape %v (dst, indices and updates)", shpGatherShape(dst.shape, a, indices.shape))
	}
	shpCheckIndices(op, ix, dst.shape, a)
	outer, d, inner := shpSplitAt(dst.shape, a)
	switch dd := dst.data.(type) {
	case []float32:
		shpScatterAdd(dd, updates.data.([]float32), ix, outer, d, inner)
	case []float64:
		shpScatterAdd(dd, updates.data.([]float64), ix, outer, d, inner)
	case []int64:
		shpScatterAdd(dd, updates.data.([]int64), ix, outer, d, inner)
	}
}

// shpIndex is the set of Go types gather indices come in.
type shpIndex interface{ int | int64 }

// shpIndexData returns the elements of an index tensor, panicking with an
// *Error for op unless it holds Int64.
func shpIndexData(op string, idx *Tensor) []int64 {
	d, ok := idx.data.([]int64)
	if !ok {
		shpFail(op, []Shape{idx.shape}, "indices must be int64, got %v", idx.dtype)
	}
	return d
}

// shpGatherShape returns shape with axis a replaced by the dimensions mid.
func shpGatherShape(shape Shape, a int, mid Shape) Shape {
	out := make(Shape, 0, len(shape)-1+len(mid))
	out = append(out, shape[:a]...)
	out = append(out, mid...)
	return append(out, shape[a+1:]...)
}

// shpGatherShapeIs reports whether got equals shpGatherShape(shape, a,
// mid), without allocating.
func shpGatherShapeIs(got, shape Shape, a int, mid Shape) bool {
	if len(got) != len(shape)-1+len(mid) {
		return false
	}
	return Shape(got[:a]).Equal(shape[:a]) &&
		Shape(got[a:a+len(mid)]).Equal(mid) &&
		Shape(got[a+len(mid):]).Equal(shape[a+1:])
}

// shpSplitAt returns the number of elements before, along and after axis a
// of shape, viewing a tensor of that shape as (outer, d, inner).
func shpSplitAt(shape Shape, a int) (outer, d, inner int) {
	return Shape(shape[:a]).Size(), shape[a], Shape(shape[a+1:]).Size()
}

// shpCheckIndices panics with an *Error for op unless every index lies in
// [0, shape[a]).
func shpCheckIndices[I shpIndex](op string, idx []I, shape Shape, a int) {
	d := shape[a]
	for _, i := range idx {
		if i < 0 {
			shpFail(op, []Shape{shape}, "negative index %d for axis %d of size %d (indices must lie in [0, %d))", i, a, d, d)
		}
		if int64(i) >= int64(d) {
			shpFail(op, []Shape{shape}, "index %d is out of range for axis %d of size %d", i, a, d)
		}
	}
}

// shpGatherInto checks dst and the indices, then gathers; mid is the shape
// the indices take in the result.
func shpGatherInto[I shpIndex](op string, dst, t *Tensor, idx []I, mid Shape, a int) {
	if dst.dtype != t.dtype || !shpGatherShapeIs(dst.shape, t.shape, a, mid) {
		shpCheckDst(op, dst, t.dtype, shpGatherShape(t.shape, a, mid))
	}
	shpCheckIndices(op, idx, t.shape, a)
	outer, d, inner := shpSplitAt(t.shape, a)
	switch dd := dst.data.(type) {
	case []float32:
		shpGather(dd, t.data.([]float32), idx, outer, d, inner)
	case []float64:
		shpGather(dd, t.data.([]float64), idx, outer, d, inner)
	case []int64:
		shpGather(dd, t.data.([]int64), idx, outer, d, inner)
	}
}

// shpGather copies, for each outer position o and index position k, the
// inner-element slice src[o, idx[k], :] to dst[o, k, :]; in parallel when
// the copy is large.
func shpGather[T Number, I shpIndex](dst, src []T, idx []I, outer, d, inner int) {
	units := outer * len(idx)
	if units*inner < 2*shpGrain {
		shpGatherRows(dst, src, idx, d, inner, 0, units)
		return
	}
	parallel.For(units, max(1, shpGrain/max(inner, 1)), func(lo, hi int) {
		shpGatherRows(dst, src, idx, d, inner, lo, hi)
	})
}

// shpGatherRows copies gathered slices [lo, hi) (numbered o*len(idx)+k).
func shpGatherRows[T Number, I shpIndex](dst, src []T, idx []I, d, inner, lo, hi int) {
	n := len(idx)
	for u := lo; u < hi; u++ {
		s := (u/n*d + int(idx[u%n])) * inner
		copy(dst[u*inner:(u+1)*inner], src[s:s+inner])
	}
}

// shpScatterAdd adds upd[o, k, :] into dst[o, idx[k], :] for all o, k. In
// parallel it splits the outer positions, or the inner elements when there
// is a single outer position, so that no two workers touch one element.
func shpScatterAdd[T Number](dst, upd []T, idx []int64, outer, d, inner int) {
	if outer*len(idx)*inner < 2*shpGrain {
		shpScatterBlock(dst, upd, idx, d, inner, 0, outer, 0, inner)
		return
	}
	if outer > 1 {
		parallel.For(outer, max(1, shpGrain/max(1, len(idx)*inner)), func(lo, hi int) {
			shpScatterBlock(dst, upd, idx, d, inner, lo, hi, 0, inner)
		})
		return
	}
	parallel.For(inner, max(1, shpGrain/max(1, len(idx))), func(lo, hi int) {
		shpScatterBlock(dst, upd, idx, d, inner, 0, outer, lo, hi)
	})
}

// shpScatterBlock does the scatter-add for outer positions [o0, o1) and
// inner elements [j0, j1).
func shpScatterBlock[T Number](dst, upd []T, idx []int64, d, inner, o0, o1, j0, j1 int) {
	n := len(idx)
	for o := o0; o < o1; o++ {
		for k, i := range idx {
			dr := dst[(o*d+int(i))*inner+j0 : (o*d+int(i))*inner+j1]
			ur := upd[(o*n+k)*inner+j0 : (o*n+k)*inner+j1]
			for j, v := range ur {
				dr[j] += v
			}
		}
	}
}
