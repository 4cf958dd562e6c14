package tensor

// ArgMax returns the int64 indices of the largest elements of t along axis,
// like numpy.argmax; a negative axis counts from the end. When the maximum
// occurs more than once the first index is returned, and a NaN counts as
// larger than everything (the first NaN wins). With keepDims the axis stays
// in the result with size 1. t may have any dtype. An out-of-range axis or
// an axis of size zero panics with an *Error.
func ArgMax(t *Tensor, axis int, keepDims bool) *Tensor {
	return reduceNew("ArgMax", reduceArgMax, t, reduceAxisMask("ArgMax", t.shape, axis), keepDims)
}

// ArgMaxInto is [ArgMax] writing into dst, an int64 tensor of the result's
// shape. It does not allocate.
func ArgMaxInto(dst, t *Tensor, axis int, keepDims bool) {
	reduceInto("ArgMaxInto", reduceArgMax, dst, t, reduceAxisMask("ArgMaxInto", t.shape, axis), keepDims)
}

// ArgMin returns the int64 indices of the smallest elements of t along
// axis, like numpy.argmin: the first index on ties, and a NaN counts as
// smaller than everything (the first NaN wins). Otherwise as [ArgMax].
func ArgMin(t *Tensor, axis int, keepDims bool) *Tensor {
	return reduceNew("ArgMin", reduceArgMin, t, reduceAxisMask("ArgMin", t.shape, axis), keepDims)
}

// ArgMinInto is [ArgMin] writing into dst, an int64 tensor of the result's
// shape. It does not allocate.
func ArgMinInto(dst, t *Tensor, axis int, keepDims bool) {
	reduceInto("ArgMinInto", reduceArgMin, dst, t, reduceAxisMask("ArgMinInto", t.shape, axis), keepDims)
}

// argMaxOf is the reducer of ArgMax.
type argMaxOf[T Number] struct{}

func (argMaxOf[T]) row(x []T) int64 {
	best, bi := x[0], 0
	if best != best {
		return 0
	}
	i := 1
	for ; i+4 <= len(x); i += 4 { // skip blocks that cannot change the answer
		b := x[i : i+4 : i+4]
		if b[0] <= best && b[1] <= best && b[2] <= best && b[3] <= best {
			continue
		}
		for j, v := range b {
			if v > best {
				best, bi = v, i+j
			} else if v != v {
				return int64(i + j)
			}
		}
	}
	for ; i < len(x); i++ {
		if v := x[i]; v > best {
			best, bi = v, i
		} else if v != v {
			return int64(i)
		}
	}
	return int64(bi)
}

func (argMaxOf[T]) cols(x []T, r, inner, j0, j1 int, out []int64) {
	var best [reduceBlock]T
	b := best[:j1-j0]
	copy(b, x[j0:j1])
	o := out[j0:j1]
	clear(o)
	for k := 1; k < r; k++ {
		row := x[k*inner+j0 : k*inner+j1]
		b, o := b[:len(row)], o[:len(row)]
		for j, v := range row {
			// Replace on a strictly larger value, or on the first NaN.
			if v > b[j] || (v != v && b[j] == b[j]) {
				b[j], o[j] = v, int64(k)
			}
		}
	}
}

// argMinOf is the reducer of ArgMin.
type argMinOf[T Number] struct{}

func (argMinOf[T]) row(x []T) int64 {
	best, bi := x[0], 0
	if best != best {
		return 0
	}
	i := 1
	for ; i+4 <= len(x); i += 4 { // skip blocks that cannot change the answer
		b := x[i : i+4 : i+4]
		if b[0] >= best && b[1] >= best && b[2] >= best && b[3] >= best {
			continue
		}
		for j, v := range b {
			if v < best {
				best, bi = v, i+j
			} else if v != v {
				return int64(i + j)
			}
		}
	}
	for ; i < len(x); i++ {
		if v := x[i]; v < best {
			best, bi = v, i
		} else if v != v {
			return int64(i)
		}
	}
	return int64(bi)
}

func (argMinOf[T]) cols(x []T, r, inner, j0, j1 int, out []int64) {
	var best [reduceBlock]T
	b := best[:j1-j0]
	copy(b, x[j0:j1])
	o := out[j0:j1]
	clear(o)
	for k := 1; k < r; k++ {
		row := x[k*inner+j0 : k*inner+j1]
		b, o := b[:len(row)], o[:len(row)]
		for j, v := range row {
			// Replace on a strictly smaller value, or on the first NaN.
			if v < b[j] || (v != v && b[j] == b[j]) {
				b[j], o[j] = v, int64(k)
			}
		}
	}
}
