package tensor

import "github.com/neurite/neurite/internal/kernels"

// Kernels of Max and Min for the reduction engine in reduce.go. NaN
// propagates as in numpy: a row's extremum is its first NaN, a column's
// is NaN if it holds one (Go's built-in max and min). Float rows and
// columns go to the vector kernels of package kernels (kernels.Max,
// kernels.ColMax and their Min twins), the loops below serve int64.

// maxRow returns the largest element of the non-empty x, or the first NaN
// in x. The hot loop checks four elements against the running maximum
// with well-predicted compares and only scans them one by one when one of
// them is larger or NaN.
func maxRow[T Number](x []T) T {
	m := x[0]
	if m != m {
		return m
	}
	i := 1
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		if b[0] <= m && b[1] <= m && b[2] <= m && b[3] <= m {
			continue
		}
		for _, v := range b {
			if !(v <= m) { // v > m, or v is NaN
				if v != v {
					return v
				}
				m = v
			}
		}
	}
	for _, v := range x[i:] {
		if !(v <= m) {
			if v != v {
				return v
			}
			m = v
		}
	}
	return m
}

// minRow returns the smallest element of the non-empty x, or the first NaN
// in x, like maxRow.
func minRow[T Number](x []T) T {
	m := x[0]
	if m != m {
		return m
	}
	i := 1
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		if b[0] >= m && b[1] >= m && b[2] >= m && b[3] >= m {
			continue
		}
		for _, v := range b {
			if !(v >= m) { // v < m, or v is NaN
				if v != v {
					return v
				}
				m = v
			}
		}
	}
	for _, v := range x[i:] {
		if !(v >= m) {
			if v != v {
				return v
			}
			m = v
		}
	}
	return m
}

// maxOf is the reducer of Max.
type maxOf[T Number] struct{}

func (maxOf[T]) row(x []T) T {
	switch f := any(x).(type) {
	case []float32:
		return any(kernels.Max(f)).(T)
	case []float64:
		return any(kernels.Max(f)).(T)
	}
	return maxRow(x)
}

func (maxOf[T]) cols(x []T, r, inner, j0, j1 int, out []T) {
	if colExtremum(x, r, inner, j0, j1, out, false) {
		return
	}
	o := out[j0:j1]
	copy(o, x[j0:j1])
	for k := 1; k < r; k++ {
		row := x[k*inner+j0 : k*inner+j1]
		o := o[:len(row)]
		for j, v := range row {
			o[j] = max(o[j], v)
		}
	}
}

// minOf is the reducer of Min.
type minOf[T Number] struct{}

func (minOf[T]) row(x []T) T {
	switch f := any(x).(type) {
	case []float32:
		return any(kernels.Min(f)).(T)
	case []float64:
		return any(kernels.Min(f)).(T)
	}
	return minRow(x)
}

func (minOf[T]) cols(x []T, r, inner, j0, j1 int, out []T) {
	if colExtremum(x, r, inner, j0, j1, out, true) {
		return
	}
	o := out[j0:j1]
	copy(o, x[j0:j1])
	for k := 1; k < r; k++ {
		row := x[k*inner+j0 : k*inner+j1]
		o := o[:len(row)]
		for j, v := range row {
			o[j] = min(o[j], v)
		}
	}
}

// colExtremum computes columns j0..j1 of the max (min when least is set)
// of the (r, inner) block x into out with the float kernels, and reports
// whether it did: false for int64.
func colExtremum[T Number](x []T, r, inner, j0, j1 int, out []T, least bool) bool {
	switch f := any(x).(type) {
	case []float32:
		o := any(out).([]float32)[j0:j1]
		if least {
			kernels.ColMin(o, f[j0:], r, inner)
		} else {
			kernels.ColMax(o, f[j0:], r, inner)
		}
	case []float64:
		o := any(out).([]float64)[j0:j1]
		if least {
			kernels.ColMin(o, f[j0:], r, inner)
		} else {
			kernels.ColMax(o, f[j0:], r, inner)
		}
	default:
		return false
	}
	return true
}
