package tensor

import (
	"fmt"
	"math"
)

// Uniform returns a tensor of the given float dtype and shape whose
// elements are drawn uniformly from [low, high) in row-major order, from
// one Float64 draw per element (another in the rare case that the value
// rounds up to high in dtype). With low == high every element is low. It
// panics with an *Error for a non-float dtype, a negative dimension, or
// bounds that are not finite with low <= high.
func (r *RNG) Uniform(dtype DType, low, high float64, shape ...int) *Tensor {
	const op = "Uniform"
	randomCheck(op, dtype, shape)
	if !(low <= high) || math.IsInf(low, 0) || math.IsInf(high, 0) {
		panicShapes(op, fmt.Sprintf("bounds must be finite with low <= high, got low=%g, high=%g",
			low, high), Shape(shape))
	}
	t := New(dtype, shape...)
	switch d := t.data.(type) {
	case []float32:
		randomUniform(r, d, low, high)
	case []float64:
		randomUniform(r, d, low, high)
	}
	return t
}

// randomUniform fills d with uniform values in [low, high), redrawing the
// rare value that rounds up to high in T.
func randomUniform[T Float](r *RNG, d []T, low, high float64) {
	if low == high {
		fillSlice(d, T(low))
		return
	}
	width := high - low
	for i := range d {
		for {
			v := T(low + float64(width*r.Float64()))
			if v < T(high) {
				d[i] = v
				break
			}
		}
	}
}

// Normal returns a tensor of the given float dtype and shape whose
// elements are drawn from the normal distribution with the given mean and
// standard deviation, one NormFloat64 per element in row-major order. It
// panics with an *Error for a non-float dtype, a negative dimension or a
// negative or non-finite stddev.
func (r *RNG) Normal(dtype DType, mean, stddev float64, shape ...int) *Tensor {
	t := randomNormalCheck("Normal", dtype, mean, stddev, shape)
	switch d := t.data.(type) {
	case []float32:
		randomNormal(r, d, mean, stddev, false)
	case []float64:
		randomNormal(r, d, mean, stddev, false)
	}
	return t
}

// TruncatedNormal is Normal with TensorFlow's truncation: a standard normal
// draw farther than 2 from zero (so a value more than 2 stddev from the
// mean) is discarded and drawn again. The resulting standard deviation is
// about 0.88 stddev. It panics like Normal.
func (r *RNG) TruncatedNormal(dtype DType, mean, stddev float64, shape ...int) *Tensor {
	t := randomNormalCheck("TruncatedNormal", dtype, mean, stddev, shape)
	switch d := t.data.(type) {
	case []float32:
		randomNormal(r, d, mean, stddev, true)
	case []float64:
		randomNormal(r, d, mean, stddev, true)
	}
	return t
}

// randomNormalCheck validates Normal's arguments and allocates the result.
func randomNormalCheck(op string, dtype DType, mean, stddev float64, shape []int) *Tensor {
	randomCheck(op, dtype, shape)
	if math.IsNaN(mean) || math.IsInf(mean, 0) || !(stddev >= 0) || math.IsInf(stddev, 0) {
		panicShapes(op, fmt.Sprintf("mean must be finite and stddev finite and >= 0, got mean=%g, stddev=%g",
			mean, stddev), Shape(shape))
	}
	return New(dtype, shape...)
}

// randomNormal fills d with mean + stddev*z for standard normal z, drawing
// z again while |z| > 2 when truncated.
func randomNormal[T Float](r *RNG, d []T, mean, stddev float64, truncated bool) {
	for i := range d {
		z := r.NormFloat64()
		for truncated && (z > 2 || z < -2) {
			z = r.NormFloat64()
		}
		d[i] = T(mean + float64(stddev*z))
	}
}

// Integers returns an Int64 tensor of the given shape whose elements are
// drawn uniformly from [low, high) without bias. It panics with an *Error
// if high <= low or a dimension is negative.
func (r *RNG) Integers(low, high int64, shape ...int) *Tensor {
	const op = "Integers"
	checkShape(op, Int64, shape)
	if high <= low {
		panicShapes(op, fmt.Sprintf("need low < high, got low=%d, high=%d", low, high), Shape(shape))
	}
	t := New(Int64, shape...)
	n := uint64(high) - uint64(low) // wraps correctly for any low < high
	for i, d := 0, t.data.([]int64); i < len(d); i++ {
		d[i] = int64(uint64(low) + r.uint64n(n))
	}
	return t
}

// randomCheck panics unless dtype is a float dtype and shape is valid.
func randomCheck(op string, dtype DType, shape []int) {
	if !dtype.IsFloat() {
		panicShapes(op, "dtype "+dtype.String()+" is not a floating-point dtype", Shape(shape))
	}
	checkShape(op, dtype, shape)
}
