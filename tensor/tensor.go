package tensor

// Tensor is an n-dimensional array stored contiguously in row-major
// (C) order. Its elements are float32, float64 or int64, as its DType says.
//
// A Tensor's shape is fixed once it is made. Operations return new tensors
// unless their name ends in Into (which write into a destination the
// caller provides) or they are documented as views that share memory.
type Tensor struct {
	dtype DType
	shape Shape
	data  any // []float32, []float64 or []int64 with len == shape.Size()
}

// DType returns the element type.
func (t *Tensor) DType() DType { return t.dtype }

// Shape returns the dimensions. The returned slice belongs to the tensor
// and must not be modified; Clone it to keep or change it.
func (t *Tensor) Shape() Shape { return t.shape }

// Rank returns the number of dimensions (0 for a scalar).
func (t *Tensor) Rank() int { return len(t.shape) }

// Size returns the number of elements.
func (t *Tensor) Size() int {
	switch d := t.data.(type) {
	case []float32:
		return len(d)
	case []float64:
		return len(d)
	case []int64:
		return len(d)
	}
	return 0
}

// Dim returns the size of dimension axis; a negative axis counts from the end.
func (t *Tensor) Dim(axis int) int { return t.shape[normAxis("Dim", axis, len(t.shape))] }

// Float32s returns the backing slice of a float32 tensor. It panics with an
// *Error if the tensor holds another dtype. Writes to the slice change the tensor.
func (t *Tensor) Float32s() []float32 { return Data[float32](t) }

// Float64s returns the backing slice of a float64 tensor. It panics with an
// *Error if the tensor holds another dtype. Writes to the slice change the tensor.
func (t *Tensor) Float64s() []float64 { return Data[float64](t) }

// Int64s returns the backing slice of an int64 tensor. It panics with an
// *Error if the tensor holds another dtype. Writes to the slice change the tensor.
func (t *Tensor) Int64s() []int64 { return Data[int64](t) }

// Data returns the backing slice of t as a []T. It panics with an *Error if
// T does not match t's dtype. Writes to the slice change the tensor.
func Data[T Number](t *Tensor) []T {
	d, ok := t.data.([]T)
	if !ok {
		panicf("Data", "tensor holds %v, not %v", t.dtype, DTypeOf[T]())
	}
	return d
}

// Raw returns the backing slice ([]float32, []float64 or []int64) for code
// that switches on the element type itself.
func (t *Tensor) Raw() any { return t.data }

// Values returns a copy of the elements converted to float64, in row-major
// order, whatever the dtype. Handy for tests and printing.
func (t *Tensor) Values() []float64 {
	out := make([]float64, t.Size())
	switch d := t.data.(type) {
	case []float32:
		for i, v := range d {
			out[i] = float64(v)
		}
	case []float64:
		copy(out, d)
	case []int64:
		for i, v := range d {
			out[i] = float64(v)
		}
	}
	return out
}

// offset converts a multi-index into a flat row-major offset.
func (t *Tensor) offset(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		panicf(op, "got %d indices for a tensor of rank %d", len(idx), len(t.shape))
	}
	off := 0
	for i, ix := range idx {
		d := t.shape[i]
		if ix < 0 {
			ix += d
		}
		if ix < 0 || ix >= d {
			panicf(op, "index %d out of range for axis %d of size %d", idx[i], i, d)
		}
		off = off*d + ix
	}
	return off
}

// At returns the element at the given multi-index as a float64. Negative
// indices count from the end of their axis.
func (t *Tensor) At(idx ...int) float64 {
	off := t.offset("At", idx)
	switch d := t.data.(type) {
	case []float32:
		return float64(d[off])
	case []float64:
		return d[off]
	case []int64:
		return float64(d[off])
	}
	return 0
}

// Set stores v (converted to the tensor's dtype) at the given multi-index.
func (t *Tensor) Set(v float64, idx ...int) {
	off := t.offset("Set", idx)
	switch d := t.data.(type) {
	case []float32:
		d[off] = float32(v)
	case []float64:
		d[off] = v
	case []int64:
		d[off] = int64(v)
	}
}

// Item returns the only element of a one-element tensor as a float64.
func (t *Tensor) Item() float64 {
	if t.Size() != 1 {
		panicShapes("Item", "tensor must have exactly one element", t.shape)
	}
	return t.Values()[0]
}

// Clone returns a deep copy of t.
func (t *Tensor) Clone() *Tensor {
	out := &Tensor{dtype: t.dtype, shape: t.shape.Clone()}
	switch d := t.data.(type) {
	case []float32:
		out.data = append([]float32(nil), d...)
	case []float64:
		out.data = append([]float64(nil), d...)
	case []int64:
		out.data = append([]int64(nil), d...)
	}
	if out.data == nil || t.Size() == 0 {
		out.data = makeData(t.dtype, 0)
	}
	return out
}

// CopyFrom copies src's elements into t. Both must have the same dtype and
// the same number of elements (their shapes may differ, as for a reshape).
func (t *Tensor) CopyFrom(src *Tensor) {
	if t.dtype != src.dtype {
		panicf("CopyFrom", "dtype mismatch: %v and %v", t.dtype, src.dtype)
	}
	if t.Size() != src.Size() {
		panicShapes("CopyFrom", "element counts differ", t.shape, src.shape)
	}
	switch d := t.data.(type) {
	case []float32:
		copy(d, src.data.([]float32))
	case []float64:
		copy(d, src.data.([]float64))
	case []int64:
		copy(d, src.data.([]int64))
	}
}

// makeData allocates a zeroed backing slice of n elements of dtype d.
func makeData(d DType, n int) any {
	switch d {
	case Float32:
		return makeSlice[float32](n)
	case Float64:
		return makeSlice[float64](n)
	case Int64:
		return makeSlice[int64](n)
	}
	panicf("New", "invalid dtype %v", d)
	return nil
}
