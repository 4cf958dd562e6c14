package kernels

import (
	"fmt"
	"math"
)

// Max returns the largest element of the non-empty x, or the first NaN in
// x if it holds one (as numpy's max propagates NaN). The sign of a zero
// result is unspecified. It panics if x is empty.
func Max[T scalar](x []T) T { return extremum(x, false) }

// Min returns the smallest element of the non-empty x, or the first NaN
// in x, like [Max].
func Min[T scalar](x []T) T { return extremum(x, true) }

// extremum is Max, or Min when least is set.
func extremum[T scalar](x []T, least bool) T {
	if len(x) == 0 {
		panic("kernels: Max or Min of no elements")
	}
	m, nan, ok := ewExtremumAsm(x, least)
	if !ok {
		m, nan = ewExtremumGo(x, least)
	}
	if nan {
		return firstNaN(x)
	}
	return m
}

// firstNaN returns the first NaN in x, which holds one.
func firstNaN[T scalar](x []T) T {
	for _, v := range x {
		if v != v {
			return v
		}
	}
	panic("kernels: firstNaN: no NaN")
}

// ColMax sets o[j] to the largest of x[r*stride+j] for r < rows: the
// maximum over the rows of the rows×len(o) block of x with row stride
// stride (a reduction over axis 0). A column that holds a NaN gets a NaN.
// The sign of a zero result is unspecified. rows must be at least 1.
func ColMax[T scalar](o, x []T, rows, stride int) { colExtremum(o, x, rows, stride, false) }

// ColMin sets o[j] to the smallest of x[r*stride+j] for r < rows, like
// [ColMax].
func ColMin[T scalar](o, x []T, rows, stride int) { colExtremum(o, x, rows, stride, true) }

// colExtremum is ColMax, or ColMin when least is set.
func colExtremum[T scalar](o, x []T, rows, stride int, least bool) {
	if len(o) == 0 {
		return
	}
	if rows < 1 || stride < 0 {
		panic(fmt.Sprintf("kernels: ColMax or ColMin of %d rows with stride %d", rows, stride))
	}
	x = x[:(rows-1)*stride+len(o)]
	if nan, ok := ewColExtremumAsm(o, x, rows, stride, least); ok && !nan {
		return
	}
	ewColExtremumGo(o, x, rows, stride, least) // NaNs: Go's max and min propagate them
}

// ewExtremumGo is the portable kernel of Max (Min when least is set): the
// largest (smallest) element of x that is not NaN, -Inf (+Inf) if there
// is none, and whether x holds a NaN. The assembly kernels agree with it
// except for the sign of a zero result.
func ewExtremumGo[T scalar](x []T, least bool) (m T, nan bool) {
	inf := T(posInf)
	if !least {
		inf = T(negInf)
	}
	m = inf
	for _, v := range x {
		switch {
		case v != v:
			nan = true
		case least && v < m, !least && v > m:
			m = v
		}
	}
	return m, nan
}

// ewColExtremumGo is the portable kernel of ColMax (ColMin when least
// is set): o[j] = max (min) of x[r*stride+j] over r < rows with Go's max
// (min), a NaN in a column making its result NaN, and whether the block
// holds a NaN. The assembly kernels agree with it, where the block holds
// no NaN, except for the sign of a zero result.
func ewColExtremumGo[T scalar](o, x []T, rows, stride int, least bool) (nan bool) {
	copy(o, x[:len(o)])
	for r := 1; r < rows; r++ {
		row := x[r*stride : r*stride+len(o)]
		if least {
			for j, v := range row {
				o[j] = min(o[j], v)
			}
		} else {
			for j, v := range row {
				o[j] = max(o[j], v)
			}
		}
	}
	for _, v := range o {
		if v != v {
			nan = true
		}
	}
	return nan
}

// posInf is +Inf, the start of a minimum.
var posInf = math.Inf(1)
