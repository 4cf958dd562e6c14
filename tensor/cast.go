package tensor

import "math"

// Cast returns a copy of t converted to dtype, like numpy's astype.
// Float to Int64 truncates toward zero; NaN becomes 0 and values beyond the
// int64 range saturate to its limits (numpy leaves these undefined).
// Casting to t's own dtype returns a copy.
func Cast(t *Tensor, dtype DType) *Tensor {
	if !dtype.Valid() {
		panicShapes("Cast", "invalid dtype "+dtype.String(), t.shape)
	}
	dst := New(dtype, t.shape...)
	castInto("Cast", dst, t)
	return dst
}

// CastInto converts src's elements to dst's dtype and stores them in dst,
// which must have src's shape. See [Cast] for the conversion rules. It
// allocates nothing.
func CastInto(dst, src *Tensor) { castInto("CastInto", dst, src) }

// castInto checks the operands of Cast and converts.
func castInto(name string, dst, s *Tensor) {
	if dst == nil {
		panicf(name, "dst is nil")
	}
	ewCheckDst(name, dst, dst.dtype, s.shape) // any dtype is fine for dst
	switch d := dst.data.(type) {
	case []float32:
		castTo(d, s)
	case []float64:
		castTo(d, s)
	case []int64:
		switch x := s.data.(type) {
		case []float32:
			castFloatIntRun(d, x)
		case []float64:
			castFloatIntRun(d, x)
		case []int64:
			copy(d, x)
		}
	}
}

// castTo converts any source into a float destination.
func castTo[D Float](d []D, s *Tensor) {
	switch x := s.data.(type) {
	case []float32:
		castConvRun(d, x)
	case []float64:
		castConvRun(d, x)
	case []int64:
		castConvRun(d, x)
	}
}

// castConvRun runs castConv, in parallel for large tensors. The loop is
// called directly rather than passed as a function value: a function value
// handed to the pool would escape, and the serial path would allocate it.
func castConvRun[D, S Number](d []D, x []S) {
	if len(d) < 2*ewGrain {
		castConv(d, x)
		return
	}
	castParallel(d, x, false)
}

// castFloatIntRun runs castFloatInt, in parallel for large tensors.
func castFloatIntRun[S Float](d []int64, x []S) {
	if len(d) < 2*ewGrain {
		castFloatInt(d, x)
		return
	}
	castParallel(d, x, true)
}

// castConv converts with Go's conversion, exact or correctly rounded for
// every pair whose destination is a float.
func castConv[D, S Number](d []D, x []S) {
	x = x[:len(d)]
	for i := range d {
		d[i] = D(x[i])
	}
}

// castFloatInt converts floats to int64 with [castSatInt64].
func castFloatInt[S Float](d []int64, x []S) {
	x = x[:len(d)]
	for i := range d {
		d[i] = castSatInt64(float64(x[i]))
	}
}

// castSatInt64 truncates v toward zero, mapping NaN to 0 and saturating at
// the int64 limits (Go leaves out-of-range conversions undefined).
func castSatInt64(v float64) int64 {
	switch {
	case v != v:
		return 0
	case v >= 0x1p63:
		return math.MaxInt64
	case v < -0x1p63:
		return math.MinInt64
	}
	return int64(v)
}

// castScalar converts a float64 operand to T by the rules of [Cast].
func castScalar[T Number](v float64) T {
	var z T
	if _, ok := any(z).(int64); ok {
		return T(castSatInt64(v))
	}
	return T(v)
}
