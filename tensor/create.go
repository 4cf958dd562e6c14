package tensor

import (
	"math"
	"math/bits"
)

// New returns a zero-filled tensor of the given dtype and shape. It panics
// with an *Error if a dimension is negative or the tensor is too large to
// allocate (see [CheckSize]). On Linux, where the kernel offers transparent
// huge pages, the data of a tensor of 4 MiB or more is advised to huge
// pages (the whole 2 MiB pages inside it), which spares large matrix
// products TLB misses.
func New(dtype DType, shape ...int) *Tensor {
	n := checkShape("New", dtype, shape)
	return &Tensor{dtype: dtype, shape: Shape(shape).Clone(), data: makeData(dtype, n)}
}

// Zeros is New: a zero-filled tensor of the given dtype and shape.
func Zeros(dtype DType, shape ...int) *Tensor { return New(dtype, shape...) }

// Ones returns a tensor of the given dtype and shape filled with 1.
func Ones(dtype DType, shape ...int) *Tensor {
	t := New(dtype, shape...)
	t.Fill(1)
	return t
}

// ZerosLike returns a zero-filled tensor with t's dtype and shape.
func ZerosLike(t *Tensor) *Tensor { return New(t.dtype, t.shape...) }

// Full returns a tensor of the given shape with every element v; its dtype
// follows T.
func Full[T Number](v T, shape ...int) *Tensor {
	t := New(DTypeOf[T](), shape...)
	d := t.data.([]T)
	for i := range d {
		d[i] = v
	}
	return t
}

// Fill sets every element of t to v, converted to t's dtype.
func (t *Tensor) Fill(v float64) {
	switch d := t.data.(type) {
	case []float32:
		fillSlice(d, float32(v))
	case []float64:
		fillSlice(d, v)
	case []int64:
		fillSlice(d, int64(v))
	}
}

func fillSlice[T Number](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// FromSlice returns a tensor of the given shape backed by data, without
// copying: later writes to data show in the tensor and vice versa. With no
// shape, the tensor is one-dimensional of length len(data). A single -1 in
// shape is inferred from len(data). It panics with an *Error if the shape
// does not account for exactly len(data) elements.
func FromSlice[T Number](data []T, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	s := inferShape("FromSlice", shape, len(data))
	if data == nil {
		data = []T{}
	}
	return &Tensor{dtype: DTypeOf[T](), shape: s, data: data}
}

// Scalar returns a rank-0 tensor holding v.
func Scalar[T Number](v T) *Tensor {
	return &Tensor{dtype: DTypeOf[T](), shape: Shape{}, data: []T{v}}
}

// Arange returns the one-dimensional tensor [start, start+step, ...) of the
// values below stop (above it for a negative step), like numpy.arange.
func Arange[T Number](start, stop, step T) *Tensor {
	if step == 0 {
		panicf("Arange", "step must not be zero")
	}
	f := math.Ceil((float64(stop) - float64(start)) / float64(step))
	if math.IsNaN(f) || f >= math.MaxInt64 {
		panicf("Arange", "[%v, %v) in steps of %v has too many values", start, stop, step)
	}
	n := int(max(f, 0))
	d := make([]T, checkShape("Arange", DTypeOf[T](), []int{n}))
	for i := range d {
		d[i] = start + T(i)*step
	}
	return FromSlice(d)
}

// Linspace returns n evenly spaced values from start to stop inclusive, like
// numpy.linspace with endpoint=True.
func Linspace[T Float](start, stop T, n int) *Tensor {
	if n < 0 {
		panicf("Linspace", "number of samples %d must not be negative", n)
	}
	d := make([]T, checkShape("Linspace", DTypeOf[T](), []int{n}))
	if n == 1 {
		d[0] = start
	} else if n > 1 {
		step := (float64(stop) - float64(start)) / float64(n-1)
		for i := range d {
			d[i] = T(float64(start) + float64(i)*step)
		}
		d[n-1] = stop
	}
	return FromSlice(d)
}

// Eye returns the n×n identity matrix of the given dtype.
func Eye(dtype DType, n int) *Tensor {
	t := New(dtype, n, n)
	for i := 0; i < n; i++ {
		t.Set(1, i, i)
	}
	return t
}

// inferShape validates shape against n elements, resolving one -1.
func inferShape(op string, shape []int, n int) Shape {
	s := Shape(shape).Clone()
	infer := -1
	known := 1
	for i, d := range s {
		switch {
		case d == -1:
			if infer >= 0 {
				panicf(op, "shape %v has more than one -1", Shape(shape))
			}
			infer = i
		case d < 0:
			panicf(op, "negative dimension in shape %v", Shape(shape))
		default:
			known = mulCapped(known, d)
		}
	}
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			panicf(op, "cannot infer -1 in shape %v for %d elements", Shape(shape), n)
		}
		s[infer] = n / known
		known = n
	}
	if known == math.MaxInt && n != known {
		panicf(op, "shape %v needs more elements than an int counts, got %d", Shape(shape), n)
	}
	if known != n {
		panicf(op, "shape %v needs %d elements, got %d", Shape(shape), known, n)
	}
	return s
}

// mulCapped returns a*b for non-negative a and b, or math.MaxInt when the
// product overflows: no tensor holds that many elements, so a shape whose
// size is capped never matches a real element count.
func mulCapped(a, b int) int {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt {
		return math.MaxInt
	}
	return int(lo)
}
