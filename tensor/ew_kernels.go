package tensor

import (
	"math"

	"github.com/neurite/neurite/internal/kernels"
)

// The bridge from the elementwise engine, the unary ops, softmax and the
// sums to the vectorised kernels of internal/kernels: each helper handles
// the float cases the kernels cover and reports whether it did, so that
// the generic loops stay the fallback (int64, the other ops).

// ewkOps maps the arithmetic binOps to the kernels' operations.
var ewkOps = [...]kernels.Op{opAdd: kernels.OpAdd, opSub: kernels.OpSub, opMul: kernels.OpMul, opDiv: kernels.OpDiv}

// ewkVV runs binVV's d[i] = x[i] op y[i] with a kernel for float Add,
// Sub, Mul and Div.
func ewkVV[T Number](op binOp, d, x, y []T) bool {
	if op > opDiv {
		return false
	}
	switch dd := any(d).(type) {
	case []float32:
		kernels.Rows(ewkOps[op], dd, any(x).([]float32), any(y).([]float32), 1, len(dd), 0, 0)
		return true
	case []float64:
		kernels.Rows(ewkOps[op], dd, any(x).([]float64), any(y).([]float64), 1, len(dd), 0, 0)
		return true
	}
	return false
}

// ewkVS runs binVS's d[i] = x[i] op s with a kernel, like ewkVV.
func ewkVS[T Number](op binOp, d, x []T, s T) bool {
	if op > opDiv {
		return false
	}
	switch dd := any(d).(type) {
	case []float32:
		kernels.VecScalar(ewkOps[op], dd, any(x).([]float32), any(s).(float32))
		return true
	case []float64:
		kernels.VecScalar(ewkOps[op], dd, any(x).([]float64), any(s).(float64))
		return true
	}
	return false
}

// ewkSV runs binSV's d[i] = s op y[i] with a kernel, like ewkVV.
func ewkSV[T Number](op binOp, d []T, s T, y []T) bool {
	if op > opDiv {
		return false
	}
	switch dd := any(d).(type) {
	case []float32:
		kernels.ScalarVec(ewkOps[op], dd, any(s).(float32), any(y).([]float32))
		return true
	case []float64:
		kernels.ScalarVec(ewkOps[op], dd, any(s).(float64), any(y).([]float64))
		return true
	}
	return false
}

// ewkBinRows runs rows [lo, hi) of a two-dim plan whose inner dim is
// contiguous in both inputs, such as (N, D) op (D,): one kernel call for
// all rows, with the row strides xs and ys (0 for a broadcast row).
func ewkBinRows[T Number](op binOp, d, x, y []T, lo, hi, n, xs, ys int) bool {
	if op > opDiv {
		return false
	}
	switch dd := any(d).(type) {
	case []float32:
		kernels.Rows(ewkOps[op], dd[lo*n:hi*n], any(x).([]float32)[lo*xs:], any(y).([]float32)[lo*ys:], hi-lo, n, xs, ys)
		return true
	case []float64:
		kernels.Rows(ewkOps[op], dd[lo*n:hi*n], any(x).([]float64)[lo*xs:], any(y).([]float64)[lo*ys:], hi-lo, n, xs, ys)
		return true
	}
	return false
}

// ewkUnary runs d[i] = op(x[i]) with a kernel: Relu, Exp, Tanh and
// Sigmoid for both float types.
func ewkUnary[T Number](op unOp, d, x []T) bool {
	switch dd := any(d).(type) {
	case []float32:
		xx := any(x).([]float32)
		switch op {
		case opRelu:
			kernels.Relu(dd, xx)
		case opExp:
			kernels.Exp32(dd, xx)
		case opTanh:
			kernels.Tanh32(dd, xx)
		case opSigmoid:
			kernels.Sigmoid32(dd, xx)
		default:
			return false
		}
		return true
	case []float64:
		xx := any(x).([]float64)
		switch op {
		case opRelu:
			kernels.Relu(dd, xx)
		case opExp:
			kernels.Exp64(dd, xx)
		case opTanh:
			kernels.Tanh64(dd, xx)
		case opSigmoid:
			kernels.Sigmoid64(dd, xx)
		default:
			return false
		}
		return true
	}
	return false
}

// ewkSoftmaxRow writes the softmax of the float32 row x into y (which may
// be x) in three passes: the maximum m, the exponentials e**(x-m) into y
// with their sum s in float64, and y *= 1/s. A NaN in x makes the sum, and
// so the row, NaN.
func ewkSoftmaxRow(x, y []float32) {
	m := kernels.Max32(x)
	s := kernels.ExpSum32(y, x, m)
	kernels.VecScalar(kernels.OpMul, y, y, float32(1/s))
}

// ewkLogSoftmaxRow writes the log-softmax of the float32 row x into y
// (which may be x): (x - m) - log(s) with m and s as in ewkSoftmaxRow, the
// exponentials not stored.
func ewkLogSoftmaxRow(x, y []float32) {
	m := kernels.Max32(x)
	ls := float32(math.Log(kernels.ExpSum32(nil, x, m)))
	kernels.VecScalar(kernels.OpSub, y, x, m)
	kernels.VecScalar(kernels.OpSub, y, y, ls)
}

// ewkChunk is the length of the stack scratch of the float64 softmax
// kernels.
const ewkChunk = 256

// ewkSoftmaxRow64 writes the softmax of the float64 row x into y (which
// may be x): the maximum m (a NaN in x makes it, and so the row, NaN),
// y = e**(x-m) with kernels.Exp64, their sum s pairwise, and y *= 1/s.
func ewkSoftmaxRow64(x, y []float64) {
	m := kernels.Max(x)
	kernels.VecScalar(kernels.OpSub, y, x, m)
	kernels.Exp64(y, y)
	kernels.VecScalar(kernels.OpMul, y, y, 1/pairSum(y))
}

// ewkLogSoftmaxRow64 writes the log-softmax of the float64 row x into y
// (which may be x): y = x - m, then y -= log(s) with s the sum of e**y,
// taken a chunk of ewkChunk exponentials at a time (each chunk summed
// pairwise, the chunks in order).
func ewkLogSoftmaxRow64(x, y []float64) {
	m := kernels.Max(x)
	kernels.VecScalar(kernels.OpSub, y, x, m)
	var buf [ewkChunk]float64
	s := 0.0
	for lo := 0; lo < len(y); lo += ewkChunk {
		e := buf[:min(ewkChunk, len(y)-lo)]
		kernels.Exp64(e, y[lo:])
		s += pairSum(e)
	}
	kernels.VecScalar(kernels.OpSub, y, y, math.Log(s))
}

// ewkColScratch is the length of the stack scratch of ewkSoftmaxCols.
const ewkColScratch = 1024

// ewkSoftmaxCols writes the softmax (with log, the log-softmax) over the
// r rows of columns j0..j1 of the (r, inner) block x into y (which may be
// x), each column as the row kernels compute a row: the column maxima m
// (a NaN makes its column NaN), the sums s of e**(row - m) in float64 in
// row order with the dtype's vector exponential, then y = e**(row - m) *
// T(1/s), or y = (row - m) - T(log(s)). The rows go through the kernels a
// group at a time, gathered into a stack scratch (the columns of a row
// are often few: a column pass splits them into blocks of 32 or more for
// the workers); where the columns span whole rows, the second pass writes
// y in place of the scratch.
func ewkSoftmaxCols[T Float](log bool, x, y []T, r, inner, j0, j1 int) {
	w := j1 - j0
	var mb, cb [reduceBlock]T
	var eb [ewkColScratch]T
	var sb [reduceBlock]float64
	m, c, s := mb[:w], cb[:w], sb[:w]
	kernels.ColMax(m, x[j0:], r, inner)
	g := max(1, len(eb)/w) // rows per group
	for k := 0; k < r; k += g {
		n := min(g, r-k)
		e := eb[:n*w]
		kernels.Rows(kernels.OpSub, e, x[k*inner+j0:], m, n, w, inner, 0)
		ewkExp(e, e)
		kernels.ColSum(s, e, n, w)
	}
	for j, v := range s {
		if log {
			c[j] = T(math.Log(v))
		} else {
			c[j] = T(1 / v)
		}
	}
	for k := 0; k < r; k += g {
		n := min(g, r-k)
		e := eb[:n*w]
		if w == inner {
			e = y[k*inner : (k+n)*inner] // contiguous rows: write y itself
		}
		kernels.Rows(kernels.OpSub, e, x[k*inner+j0:], m, n, w, inner, 0)
		if log {
			kernels.Rows(kernels.OpSub, e, e, c, n, w, w, 0)
		} else {
			ewkExp(e, e)
			kernels.Rows(kernels.OpMul, e, e, c, n, w, w, 0)
		}
		if w != inner {
			for i := range n {
				copy(y[(k+i)*inner+j0:(k+i)*inner+j1], e[i*w:(i+1)*w])
			}
		}
	}
}

// ewkExp sets d = e**x with the vector exponential of the dtype
// (kernels.Exp32 or kernels.Exp64).
func ewkExp[T Float](d, x []T) {
	switch dd := any(d).(type) {
	case []float32:
		kernels.Exp32(dd, any(x).([]float32))
	case []float64:
		kernels.Exp64(dd, any(x).([]float64))
	}
}
