package tensor

import "math"

// Sum returns the sum of t's elements over axes, like numpy.sum. nil or
// empty axes sum over every axis; negative axes count from the end. With
// keepDims the reduced axes stay in the result with size 1, otherwise they
// are removed. The result has t's dtype (int64 sums wrap around on
// overflow); a sum over a zero-size axis is 0.
//
// Float sums accumulate in float64 whatever the dtype, so float32 data
// loses no precision to a long row. Along the last axes (contiguous runs)
// they use pairwise summation (numpy's scheme: blocks of 128 elements
// added with eight partial sums, halves combined recursively), whose error
// grows as O(log n); along leading or middle axes whole rows are added into
// a float64 accumulator in order.
//
// Repeated or out-of-range axes panic with an *Error.
func Sum(t *Tensor, axes []int, keepDims bool) *Tensor {
	return reduceNew("Sum", reduceSum, t, reduceMask("Sum", t.shape, axes), keepDims)
}

// SumInto is [Sum] writing into dst, which must have the result's shape
// and dtype. It does not allocate when the reduced axes are adjacent
// (ignoring axes of size 1).
func SumInto(dst, t *Tensor, axes []int, keepDims bool) {
	reduceInto("SumInto", reduceSum, dst, t, reduceMask("SumInto", t.shape, axes), keepDims)
}

// Mean returns the arithmetic mean of t's elements over axes, like
// numpy.mean; axes and keepDims are as for [Sum], and the sum accumulates
// in float64 as described there. t must be float32 or float64 and the
// result has its dtype. The mean over a zero-size axis is NaN.
func Mean(t *Tensor, axes []int, keepDims bool) *Tensor {
	return reduceNew("Mean", reduceMean, t, reduceMask("Mean", t.shape, axes), keepDims)
}

// MeanInto is [Mean] writing into dst, which must have the result's shape
// and dtype. It does not allocate when the reduced axes are adjacent.
func MeanInto(dst, t *Tensor, axes []int, keepDims bool) {
	reduceInto("MeanInto", reduceMean, dst, t, reduceMask("MeanInto", t.shape, axes), keepDims)
}

// Variance returns the population variance (numpy.var with ddof=0) of t's
// elements over axes: the mean of the squared deviations from the mean.
// axes and keepDims are as for [Sum]. t must be float32 or float64 and the
// result has its dtype. It is computed in float64 with two passes (the
// mean, then the squared deviations, with the rounding correction of the
// corrected two-pass algorithm), so large offsets do not cancel the
// result. The variance over a zero-size axis is NaN.
func Variance(t *Tensor, axes []int, keepDims bool) *Tensor {
	return reduceNew("Variance", reduceVar, t, reduceMask("Variance", t.shape, axes), keepDims)
}

// VarianceInto is [Variance] writing into dst, which must have the result's
// shape and dtype. It does not allocate when the reduced axes are adjacent.
func VarianceInto(dst, t *Tensor, axes []int, keepDims bool) {
	reduceInto("VarianceInto", reduceVar, dst, t, reduceMask("VarianceInto", t.shape, axes), keepDims)
}

// Max returns the largest of t's elements over axes, like numpy.max; axes
// and keepDims are as for [Sum]. The result has t's dtype. A NaN anywhere
// in a reduction makes its result NaN. Reducing over a zero-size axis
// panics with an *Error, since the maximum of nothing is undefined.
func Max(t *Tensor, axes []int, keepDims bool) *Tensor {
	return reduceNew("Max", reduceMax, t, reduceMask("Max", t.shape, axes), keepDims)
}

// MaxInto is [Max] writing into dst, which must have the result's shape
// and dtype. It does not allocate when the reduced axes are adjacent.
func MaxInto(dst, t *Tensor, axes []int, keepDims bool) {
	reduceInto("MaxInto", reduceMax, dst, t, reduceMask("MaxInto", t.shape, axes), keepDims)
}

// Min returns the smallest of t's elements over axes, like numpy.min; it
// treats NaN and zero-size axes as [Max] does.
func Min(t *Tensor, axes []int, keepDims bool) *Tensor {
	return reduceNew("Min", reduceMin, t, reduceMask("Min", t.shape, axes), keepDims)
}

// MinInto is [Min] writing into dst, which must have the result's shape
// and dtype. It does not allocate when the reduced axes are adjacent.
func MinInto(dst, t *Tensor, axes []int, keepDims bool) {
	reduceInto("MinInto", reduceMin, dst, t, reduceMask("MinInto", t.shape, axes), keepDims)
}

// reduceKind names one reduction the engine can run.
type reduceKind uint8

const (
	reduceSum reduceKind = iota
	reduceMean
	reduceVar
	reduceMax
	reduceMin
	reduceArgMax
	reduceArgMin
)

// floatOnly reports whether the reduction needs a float tensor.
func (k reduceKind) floatOnly() bool { return k == reduceMean || k == reduceVar }

// outDType returns the dtype of the result of reducing data of dtype d.
func (k reduceKind) outDType(d DType) DType {
	if k == reduceArgMax || k == reduceArgMin {
		return Int64
	}
	return d
}

// reduceNew allocates the result of reduction k of t over mask.
func reduceNew(op string, k reduceKind, t *Tensor, mask uint64, keepDims bool) *Tensor {
	if k.floatOnly() {
		reduceCheckFloat(op, t)
	}
	dst := &Tensor{dtype: k.outDType(t.dtype), shape: reduceShape(t.shape, mask, keepDims)}
	dst.data = makeData(dst.dtype, dst.shape.Size())
	reduceExec(op, k, dst, t, mask)
	return dst
}

// reduceInto runs reduction k of t over mask into dst after checking it.
func reduceInto(op string, k reduceKind, dst, t *Tensor, mask uint64, keepDims bool) {
	if k.floatOnly() {
		reduceCheckFloat(op, t)
	}
	reduceCheckDst(op, dst, t, k.outDType(t.dtype), mask, keepDims)
	reduceExec(op, k, dst, t, mask)
}

// reduceExec runs reduction k of t over mask into the checked dst.
func reduceExec(op string, k reduceKind, dst, t *Tensor, mask uint64) {
	if reduceCount(t.shape, mask) == 0 {
		reduceEmpty(op, k, dst, t)
		return
	}
	switch x := t.data.(type) {
	case []float32:
		reduceFloat(k, x, dst, t.shape, mask)
	case []float64:
		reduceFloat(k, x, dst, t.shape, mask)
	case []int64:
		reduceInt(k, x, dst, t.shape, mask)
	}
}

// reduceEmpty fills dst with the value of a reduction over nothing, or
// panics when the reduction has none (as numpy raises).
func reduceEmpty(op string, k reduceKind, dst, t *Tensor) {
	switch k {
	case reduceSum:
		dst.Fill(0)
	case reduceMean, reduceVar:
		dst.Fill(math.NaN())
	default:
		panicShapes(op, "reduction over a zero-size axis has no identity", t.shape)
	}
}

func reduceFloat[T Float](k reduceKind, x []T, dst *Tensor, shape Shape, mask uint64) {
	switch k {
	case reduceSum:
		reduceRun[T, T](x, Data[T](dst), shape, mask, sumFloat[T]{})
	case reduceMean:
		reduceRun[T, T](x, Data[T](dst), shape, mask, meanFloat[T]{})
	case reduceVar:
		reduceRun[T, T](x, Data[T](dst), shape, mask, varFloat[T]{})
	default:
		reduceOrdered(k, x, dst, shape, mask)
	}
}

func reduceInt(k reduceKind, x []int64, dst *Tensor, shape Shape, mask uint64) {
	if k == reduceSum {
		reduceRun[int64, int64](x, dst.Int64s(), shape, mask, sumInt{})
		return
	}
	reduceOrdered(k, x, dst, shape, mask)
}

// reduceOrdered runs the comparison-based reductions, which work alike
// for every dtype.
func reduceOrdered[T Number](k reduceKind, x []T, dst *Tensor, shape Shape, mask uint64) {
	switch k {
	case reduceMax:
		reduceRun[T, T](x, Data[T](dst), shape, mask, maxOf[T]{})
	case reduceMin:
		reduceRun[T, T](x, Data[T](dst), shape, mask, minOf[T]{})
	case reduceArgMax:
		reduceRun[T, int64](x, dst.Int64s(), shape, mask, argMaxOf[T]{})
	case reduceArgMin:
		reduceRun[T, int64](x, dst.Int64s(), shape, mask, argMinOf[T]{})
	}
}
