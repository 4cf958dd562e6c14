package tensor

import "math"

// AllClose reports whether a and b have the same shape and every pair of
// elements is close in numpy's sense: |a-b| <= atol + rtol*|b| (note the
// asymmetry: the tolerance scales with b, the expected value). Equal
// infinities are close, NaN is never close to anything. The dtypes may
// differ; elements are compared as float64. Unlike numpy, shapes are not
// broadcast: different shapes give false. numpy's defaults are rtol=1e-5,
// atol=1e-8.
func AllClose(a, b *Tensor, rtol, atol float64) bool {
	if !a.shape.Equal(b.shape) {
		return false
	}
	ok := true
	allcloseEach(a, b, func(x, y float64) bool {
		ok = IsClose(x, y, rtol, atol)
		return ok
	})
	return ok
}

// IsClose reports whether x is close to the expected value y:
// |x-y| <= atol + rtol*|y|, with equal infinities close and NaN never close.
func IsClose(x, y, rtol, atol float64) bool {
	if x == y {
		return true // also equal infinities
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	return math.Abs(x-y) <= atol+rtol*math.Abs(y) // false for NaN
}

// ArrayEqual reports whether a and b have the same shape and equal
// elements. Two int64 tensors are compared exactly; otherwise elements are
// compared as float64 values, so a float32 and an int64 tensor holding the
// same numbers are equal (compare DTypes as well where that matters). NaN
// is not equal to itself (numpy's array_equal with equal_nan=False), and 0
// equals -0.
func ArrayEqual(a, b *Tensor) bool {
	if !a.shape.Equal(b.shape) {
		return false
	}
	if da, ok := a.data.([]int64); ok {
		if db, ok := b.data.([]int64); ok {
			for i := range da {
				if da[i] != db[i] {
					return false
				}
			}
			return true
		}
	}
	eq := true
	allcloseEach(a, b, func(x, y float64) bool {
		eq = x == y
		return eq
	})
	return eq
}

// MaxAbsDiff returns the largest |a-b| over corresponding elements, 0 for
// empty tensors. Equal elements (equal infinities included) count as 0; a
// NaN in either tensor, or infinities that differ, make the result NaN or
// +Inf. It panics with an *Error if the shapes differ.
func MaxAbsDiff(a, b *Tensor) float64 {
	if !a.shape.Equal(b.shape) {
		panicShapes("MaxAbsDiff", "shapes must be equal", a.shape, b.shape)
	}
	m := 0.0
	allcloseEach(a, b, func(x, y float64) bool {
		if x == y {
			return true
		}
		d := math.Abs(x - y)
		if math.IsNaN(d) {
			m = d
			return false
		}
		m = max(m, d)
		return true
	})
	return m
}

// allcloseEach calls f with the corresponding elements of a and b (of
// equal size) as float64 until f returns false. Matching dtypes take a
// fast path without conversion copies.
func allcloseEach(a, b *Tensor, f func(x, y float64) bool) {
	switch da := a.data.(type) {
	case []float32:
		if db, ok := b.data.([]float32); ok {
			allcloseEachT(da, db, f)
			return
		}
	case []float64:
		if db, ok := b.data.([]float64); ok {
			allcloseEachT(da, db, f)
			return
		}
	case []int64:
		if db, ok := b.data.([]int64); ok {
			allcloseEachT(da, db, f)
			return
		}
	}
	allcloseEachT(a.Values(), b.Values(), f)
}

func allcloseEachT[T Number](a, b []T, f func(x, y float64) bool) {
	for i := range a {
		if !f(float64(a[i]), float64(b[i])) {
			return
		}
	}
}
