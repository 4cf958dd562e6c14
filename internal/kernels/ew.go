package kernels

// The elementwise kernels: arithmetic over rows with a broadcast row or
// scalar, Relu and the fused activation gradients, the float32 and float64
// exponentials with Sigmoid and Tanh built on them, the passes of a row softmax, row and
// column sums, and the Adam update. Each exported function checks its
// slices and calls the implementation of the kernel set in use: on amd64
// generated AVX-512 or AVX2 assembly (ew_amd64.s), elsewhere or with
// -tags purego the pure-Go twins of ew_go.go and ew_exp.go, whose code is
// the specification. The assembly computes exactly what the twins compute,
// bit for bit: it rounds every operation in the order the twins write it
// and fuses a multiply-add only where a twin calls math.FMA (the float64
// exponential's polynomial), and the reductions add in the same order.
//
// Unless said otherwise a destination may be one of the inputs (in-place
// operation) but must not otherwise overlap them.

// Op is an arithmetic operation of [Rows], [VecScalar] and [ScalarVec].
type Op uint8

// The arithmetic operations.
const (
	OpAdd Op = iota // x + y
	OpSub           // x - y
	OpMul           // x * y
	OpDiv           // x / y
)

// ewImpl names an implementation of the elementwise kernels.
type ewImpl uint8

const (
	ewImplGo     ewImpl = iota // the pure-Go twins
	ewImplAVX2                 // AVX2 assembly
	ewImplAVX512               // AVX-512 assembly
)

func (i ewImpl) String() string { return [...]string{"go", "avx2", "avx512"}[i] }

// ewSets lists the implementations this machine can run, best first; the
// portable one is always last. ew_amd64.go adds the assembly ones.
var ewSets = []ewImpl{ewImplGo}

// ewUse is the implementation in use, written only during package
// initialisation and by tests (never concurrently with the kernels). The
// exported functions dispatch on it with direct calls (see ew_amd64.go),
// not through function values, so that escape analysis sees that the
// kernels keep no slice: callers can pass stack buffers without them
// moving to the heap.
var ewUse = ewImplGo

// useEWSet switches the elementwise kernels to the named implementation
// and reports whether this machine supports it.
func useEWSet(name string) bool {
	for _, s := range ewSets {
		if s.String() == name {
			ewUse = s
			return true
		}
	}
	return false
}

// ewSetName returns the name of the implementation in use.
func ewSetName() string { return ewUse.String() }

// ElementwiseISA returns the name of the instruction set the elementwise
// kernels use: "avx512", "avx2" or "go".
func ElementwiseISA() string { return ewSetName() }

// Rows computes d[r*n+i] = x[r*xs+i] op y[r*ys+i] for r < rows and i < n:
// op over rows of n elements, where xs and ys are the row strides of x and
// y in elements — n for a matrix of rows, 0 for one row broadcast to all
// (the (N, D) + (D,) bias case). With rows == 1 it is the plain vector op.
// The strides must not be negative.
func Rows[T scalar](op Op, d, x, y []T, rows, n, xs, ys int) {
	if rows <= 0 || n <= 0 {
		return
	}
	if xs < 0 || ys < 0 || op > OpDiv {
		panic("kernels: Rows: negative stride or bad op")
	}
	d, x, y = d[:rows*n], x[:(rows-1)*xs+n], y[:(rows-1)*ys+n]
	switch dd := any(d).(type) {
	case []float32:
		xx, yy := any(x).([]float32), any(y).([]float32)
		if !ewRowsAsmS(op, dd, xx, yy, rows, n, xs, ys) {
			ewRowsGo(op, dd, xx, yy, rows, n, xs, ys)
		}
	case []float64:
		xx, yy := any(x).([]float64), any(y).([]float64)
		if !ewRowsAsmD(op, dd, xx, yy, rows, n, xs, ys) {
			ewRowsGo(op, dd, xx, yy, rows, n, xs, ys)
		}
	}
}

// VecScalar computes d[i] = x[i] op s for i < len(d).
func VecScalar[T scalar](op Op, d, x []T, s T) {
	if len(d) == 0 {
		return
	}
	if op > OpDiv {
		panic("kernels: VecScalar: bad op")
	}
	x = x[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		xx, ss := any(x).([]float32), any(s).(float32)
		if !ewScalarAsmS(op, dd, xx, ss) {
			ewScalarGo(op, dd, xx, ss)
		}
	case []float64:
		xx, ss := any(x).([]float64), any(s).(float64)
		if !ewScalarAsmD(op, dd, xx, ss) {
			ewScalarGo(op, dd, xx, ss)
		}
	}
}

// ScalarVec computes d[i] = s op y[i] for i < len(d).
func ScalarVec[T scalar](op Op, d []T, s T, y []T) {
	if len(d) == 0 {
		return
	}
	if op > OpDiv {
		panic("kernels: ScalarVec: bad op")
	}
	y = y[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		yy, ss := any(y).([]float32), any(s).(float32)
		if !ewRScalarAsmS(op, dd, ss, yy) {
			ewRScalarGo(op, dd, ss, yy)
		}
	case []float64:
		yy, ss := any(y).([]float64), any(s).(float64)
		if !ewRScalarAsmD(op, dd, ss, yy) {
			ewRScalarGo(op, dd, ss, yy)
		}
	}
}

// biasRows adds bias[j] to d[r*ld+j] for r < rows and j < n, in place,
// then with relu replaces each sum by max(sum, 0) as Relu does: the bias
// and activation of a GEMM epilogue (see epilogue.apply) over a block of
// C whose rows are ld ≥ n apart, in one call and one pass. Each element
// is rounded as Rows(OpAdd, …) followed by Relu rounds it.
func biasRows[T scalar](d, bias []T, rows, n, ld int, relu bool) {
	if rows <= 0 || n <= 0 {
		return
	}
	d, bias = d[:(rows-1)*ld+n], bias[:n]
	switch dd := any(d).(type) {
	case []float32:
		if bb := any(bias).([]float32); !ewBiasRowsAsmS(dd, bb, rows, n, ld, relu) {
			ewBiasActRowsGo(dd, bb, rows, n, ld, relu)
		}
	case []float64:
		if bb := any(bias).([]float64); !ewBiasRowsAsmD(dd, bb, rows, n, ld, relu) {
			ewBiasActRowsGo(dd, bb, rows, n, ld, relu)
		}
	}
}

// Relu computes d[i] = max(x[i], 0) for i < len(d); NaN stays NaN and -0
// stays -0.
func Relu[T scalar](d, x []T) {
	if len(d) == 0 {
		return
	}
	x = x[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		if xx := any(x).([]float32); !ewReluAsmS(dd, xx) {
			ewReluGo(dd, xx)
		}
	case []float64:
		if xx := any(x).([]float64); !ewReluAsmD(dd, xx) {
			ewReluGo(dd, xx)
		}
	}
}

// ReluGrad computes d[i] = dy[i] where x[i] > 0 and alpha*dy[i] elsewhere
// (NaN x included): the gradient of Relu (alpha 0) and LeakyRelu.
func ReluGrad[T scalar](d, x, dy []T, alpha T) {
	if len(d) == 0 {
		return
	}
	x, dy = x[:len(d)], dy[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		xx, yy, a := any(x).([]float32), any(dy).([]float32), any(alpha).(float32)
		if !ewReluGradAsmS(dd, xx, yy, a) {
			ewReluGradGo(dd, xx, yy, a)
		}
	case []float64:
		xx, yy, a := any(x).([]float64), any(dy).([]float64), any(alpha).(float64)
		if !ewReluGradAsmD(dd, xx, yy, a) {
			ewReluGradGo(dd, xx, yy, a)
		}
	}
}

// reluGradRows is ReluGrad in place over a block: d[r*ld+j] stays where
// x[r*ldx+j] > 0 and becomes alpha*d[r*ld+j] elsewhere (NaN x included),
// for r < rows and j < n, with ld, ldx ≥ n. It is the ReLU-gradient mask
// of a GEMM epilogue (see epilogue.apply) over a block of C, its rows
// contiguous or not, in one call; each element is rounded as ReluGrad
// rounds it.
func reluGradRows[T scalar](d, x []T, rows, n, ld, ldx int, alpha T) {
	if rows <= 0 || n <= 0 {
		return
	}
	d, x = d[:(rows-1)*ld+n], x[:(rows-1)*ldx+n]
	switch dd := any(d).(type) {
	case []float32:
		xx, a := any(x).([]float32), any(alpha).(float32)
		if !ewReluGradRowsAsmS(dd, xx, rows, n, ld, ldx, a) {
			ewReluGradRowsGo(dd, xx, rows, n, ld, ldx, a)
		}
	case []float64:
		xx, a := any(x).([]float64), any(alpha).(float64)
		if !ewReluGradRowsAsmD(dd, xx, rows, n, ld, ldx, a) {
			ewReluGradRowsGo(dd, xx, rows, n, ld, ldx, a)
		}
	}
}

// SigmoidGrad computes d[i] = (dy[i]*y[i]) * (1 - y[i]), the gradient of
// Sigmoid from its output y.
func SigmoidGrad[T scalar](d, y, dy []T) {
	if len(d) == 0 {
		return
	}
	y, dy = y[:len(d)], dy[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		if yy, gg := any(y).([]float32), any(dy).([]float32); !ewSigmoidGradAsmS(dd, yy, gg) {
			ewSigmoidGradGo(dd, yy, gg)
		}
	case []float64:
		if yy, gg := any(y).([]float64), any(dy).([]float64); !ewSigmoidGradAsmD(dd, yy, gg) {
			ewSigmoidGradGo(dd, yy, gg)
		}
	}
}

// TanhGrad computes d[i] = dy[i] * (1 - y[i]*y[i]), the gradient of Tanh
// from its output y.
func TanhGrad[T scalar](d, y, dy []T) {
	if len(d) == 0 {
		return
	}
	y, dy = y[:len(d)], dy[:len(d)]
	switch dd := any(d).(type) {
	case []float32:
		if yy, gg := any(y).([]float32), any(dy).([]float32); !ewTanhGradAsmS(dd, yy, gg) {
			ewTanhGradGo(dd, yy, gg)
		}
	case []float64:
		if yy, gg := any(y).([]float64), any(dy).([]float64); !ewTanhGradAsmD(dd, yy, gg) {
			ewTanhGradGo(dd, yy, gg)
		}
	}
}

// Adam applies one step of Adam to the parameters w with moments m and v
// and gradient g, in place and in one pass, in Keras's order of operations
// (see [ewAdamGo]):
//
//	m ← m + (g − m)·c1
//	v ← v + (g² − v)·c2
//	w ← w − (m·alpha) / (sqrt(v) + eps)
func Adam[T scalar](w, m, v, g []T, alpha, c1, c2, eps T) {
	n := len(w)
	if n == 0 {
		return
	}
	m, v, g = m[:n], v[:n], g[:n]
	switch ww := any(w).(type) {
	case []float32:
		mm, vv, gg := any(m).([]float32), any(v).([]float32), any(g).([]float32)
		a, b1, b2, e := any(alpha).(float32), any(c1).(float32), any(c2).(float32), any(eps).(float32)
		if !ewAdamAsmS(ww, mm, vv, gg, a, b1, b2, e) {
			ewAdamGo(ww, mm, vv, gg, a, b1, b2, e)
		}
	case []float64:
		mm, vv, gg := any(m).([]float64), any(v).([]float64), any(g).([]float64)
		a, b1, b2, e := any(alpha).(float64), any(c1).(float64), any(c2).(float64), any(eps).(float64)
		if !ewAdamAsmD(ww, mm, vv, gg, a, b1, b2, e) {
			ewAdamGo(ww, mm, vv, gg, a, b1, b2, e)
		}
	}
}

// ColSum adds column sums of the rows×len(acc) block of x with row stride
// stride into acc: acc[j] += x[r*stride+j] for r < rows, in float64 and in
// row order for every column (the bias-gradient reduction over axis 0).
func ColSum[T scalar](acc []float64, x []T, rows, stride int) {
	if rows <= 0 || len(acc) == 0 {
		return
	}
	if stride < 0 {
		panic("kernels: ColSum: negative stride")
	}
	x = x[:(rows-1)*stride+len(acc)]
	switch xx := any(x).(type) {
	case []float32:
		if !ewColSumAsmS(acc, xx, rows, stride) {
			ewColSumGo(acc, xx, rows, stride)
		}
	case []float64:
		if !ewColSumAsmD(acc, xx, rows, stride) {
			ewColSumGo(acc, xx, rows, stride)
		}
	}
}

// Exp32 computes d[i] = e**x[i] for i < len(d) with the float32
// exponential of [ewExpGo]: at most 0.90 ulp from the exact value over all
// float32 inputs (checked exhaustively, see TestEWAccuracyExhaustive);
// +Inf from 88.72284 up (ln of the largest float32 is 88.722839), 0 below
// -103.98, correctly scaled subnormal results in between, NaN for NaN.
func Exp32(d, x []float32) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewExpAsm(d, x) {
		ewExpGo(d, x)
	}
}

// Sigmoid32 computes d[i] = 1/(1+e**-x[i]) for i < len(d) as in
// [ewSigmoidGo], in a form that cannot overflow: at most 2.41 ulp from the
// exact value over all float32 inputs, 0 and 1 at the extremes (never NaN
// for a number).
func Sigmoid32(d, x []float32) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewSigmoidAsm(d, x) {
		ewSigmoidGo(d, x)
	}
}

// Tanh32 computes d[i] = tanh(x[i]) for i < len(d) as in [ewTanhGo]: at
// most 1.05 ulp from the exact value, ±1 for |x| > 9.02.
func Tanh32(d, x []float32) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewTanhAsm(d, x) {
		ewTanhGo(d, x)
	}
}

// Exp64 computes d[i] = e**x[i] for i < len(d) with the float64
// exponential of [ewExp64Go]: within 0.80 ulp of the exact value for
// normal results (a sampled check against 200-bit references; within 2
// ulp of math.Exp, itself up to 1.5 ulp off, in TestEW64Accuracy);
// +Inf from 709.79 up (ln of the largest float64 is 709.78271), 0 below
// -745.14, correctly scaled subnormal results in between, NaN for NaN.
func Exp64(d, x []float64) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewExp64Asm(d, x) {
		ewExp64Go(d, x)
	}
}

// Sigmoid64 computes d[i] = 1/(1+e**-x[i]) for i < len(d) as in
// [ewSigmoid64Go], in a form that cannot overflow: within 2.1 ulp of the
// exact value (sampled), 0 and 1 at the extremes, never NaN for a number.
func Sigmoid64(d, x []float64) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewSigmoid64Asm(d, x) {
		ewSigmoid64Go(d, x)
	}
}

// Tanh64 computes d[i] = tanh(x[i]) for i < len(d) as in [ewTanh64Go]:
// within 2.2 ulp of the exact value (sampled), ±1 for |x| > 19.1, -0 for
// -0.
func Tanh64(d, x []float64) {
	if len(d) == 0 {
		return
	}
	if x = x[:len(d)]; !ewTanh64Asm(d, x) {
		ewTanh64Go(d, x)
	}
}

// Max32 returns the largest element of x that is not NaN, or -Inf if
// there is none. The sign of a zero result is unspecified.
func Max32(x []float32) float32 {
	if len(x) == 0 {
		return float32(negInf)
	}
	if m, ok := ewMaxAsm(x); ok {
		return m
	}
	return ewMaxGo(x)
}

// ExpSum32 computes e = e**(x[i]-m) for i < len(x) with the exponential of
// [Exp32], stores it in d[i] unless d is nil, and returns the sum of the e
// in float64 (in the order of [ewExpSumGo]): the exponential-and-sum pass
// of a softmax with maximum m.
func ExpSum32(d, x []float32, m float32) float64 {
	if len(x) == 0 {
		return 0
	}
	if d == nil {
		if s, ok := ewExpSumNoStoreAsm(x, m); ok {
			return s
		}
		return ewExpSumNoStoreGo(x, m)
	}
	d = d[:len(x)]
	if s, ok := ewExpSumAsm(d, x, m); ok {
		return s
	}
	return ewExpSumGo(d, x, m)
}

// Sum32 returns the sum of x in float64, adding element i into the i%32-th
// of 32 partial sums that are combined pairwise at the end (see
// [ewSumGo]). Its error is at most about (len(x)/32+5) float64 roundings
// of the sum of magnitudes, far below float32 resolution.
func Sum32(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	if s, ok := ewSumAsm(x); ok {
		return s
	}
	return ewSumGo(x)
}

// SumBlock64 returns the sum of x (len(x) ≥ 8) as numpy adds a block of
// its pairwise summation (see [ewSumBlock64Go]): eight partial sums of
// the elements i%8 == j, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
// then the last len(x)%8 elements added in order.
func SumBlock64(x []float64) float64 {
	if len(x) < 8 {
		panic("kernels: SumBlock64: fewer than 8 elements")
	}
	if s, ok := ewSumBlock64Asm(x); ok {
		return s
	}
	return ewSumBlock64Go(x)
}
