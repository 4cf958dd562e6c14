package tensor

import "fmt"

// Reshape returns a view of t with the given shape. Tensors are always
// contiguous, so no data moves: the result shares t's memory, and writes
// through either show in the other. One dimension may be -1; it is inferred
// from t's size. It panics with an *Error naming both shapes if the new
// shape does not hold exactly t.Size() elements.
func Reshape(t *Tensor, shape ...int) *Tensor {
	s := shpInferShape("Reshape", t.shape, shape, t.Size())
	return &Tensor{dtype: t.dtype, shape: s, data: t.data}
}

// Reshape is [Reshape](t, shape...): a view of t with a new shape.
func (t *Tensor) Reshape(shape ...int) *Tensor { return Reshape(t, shape...) }

// shpInferShape is inferShape for a tensor of shape from; a failure is
// reported with both the old and the requested shape.
func shpInferShape(op string, from Shape, shape []int, n int) Shape {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && len(e.Shapes) == 0 {
				e.Shapes = []Shape{from.Clone(), Shape(shape).Clone()}
			}
			panic(r)
		}
	}()
	return inferShape(op, shape, n)
}

// ExpandDims returns a view of t with a new axis of size 1 inserted at
// position axis, like numpy.expand_dims. axis may be negative and lies in
// [-rank-1, rank]: -1 appends the new axis at the end. The result shares
// t's memory.
func ExpandDims(t *Tensor, axis int) *Tensor {
	r := len(t.shape)
	axis = normAxis("ExpandDims", axis, r+1)
	s := make(Shape, 0, r+1)
	s = append(s, t.shape[:axis]...)
	s = append(s, 1)
	s = append(s, t.shape[axis:]...)
	return &Tensor{dtype: t.dtype, shape: s, data: t.data}
}

// Squeeze returns a view of t without the given axes, which must have size
// 1, like numpy.squeeze. With no axes it drops every axis of size 1. Axes
// may be negative. The result shares t's memory. Squeezing an axis whose
// size is not 1, or naming an axis twice, panics with an *Error.
func Squeeze(t *Tensor, axes ...int) *Tensor {
	r := len(t.shape)
	drop := make([]bool, r)
	if len(axes) == 0 {
		for i, d := range t.shape {
			drop[i] = d == 1
		}
	}
	for _, a := range axes {
		i := normAxis("Squeeze", a, r)
		if drop[i] {
			shpFail("Squeeze", []Shape{t.shape}, "axis %d given twice", a)
		}
		if t.shape[i] != 1 {
			shpFail("Squeeze", []Shape{t.shape}, "cannot squeeze axis %d of size %d", a, t.shape[i])
		}
		drop[i] = true
	}
	s := make(Shape, 0, r)
	for i, d := range t.shape {
		if !drop[i] {
			s = append(s, d)
		}
	}
	return &Tensor{dtype: t.dtype, shape: s, data: t.data}
}

// shpFail panics with an *Error for op with a formatted message that also
// names the given shapes.
func shpFail(op string, shapes []Shape, format string, args ...any) {
	panicShapes(op, fmt.Sprintf(format, args...), shapes...)
}

// shpCheckDst panics with an *Error for op unless dst has the given dtype
// and shape. It allocates only when it panics.
func shpCheckDst(op string, dst *Tensor, dtype DType, shape Shape) {
	if dst.dtype != dtype {
		panicf(op, "dst holds %v, want %v (dst shape %v)", dst.dtype, dtype, dst.shape.Clone())
	}
	if !dst.shape.Equal(shape) {
		panicf(op, "dst has shape %v, want %v", dst.shape.Clone(), shape.Clone())
	}
}

// shpCheckSameDType panics with an *Error for op unless a and b hold the
// same dtype.
func shpCheckSameDType(op string, a, b *Tensor) {
	if a.dtype != b.dtype {
		shpFail(op, []Shape{a.shape, b.shape}, "dtype mismatch: %v and %v", a.dtype, b.dtype)
	}
}
