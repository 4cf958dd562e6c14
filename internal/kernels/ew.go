package kernels

// The elementwise kernels: arithmetic over rows with a broadcast row or
// scalar, Relu and the fused activation gradients, the float32 exponential
// with Sigmoid and Tanh built on it, the passes of a row softmax, row and
// column sums, and the Adam update. Each exported function checks its
// slices and calls the implementation of the kernel set in use: on amd64
// generated AVX-512 or AVX2 assembly (ew_amd64.s), elsewhere or with
// -tags purego the pure-Go twins of ew_go.go and ew_exp.go, whose code is
// the specification. The assembly computes exactly what the twins compute,
// bit for bit: it uses no FMA and rounds every operation in the order the
// twins write it, and the reductions add in the same order.
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

// ewFuncs holds the kernels of one kernel set for element type T. They get
// slices exactly as long as their loops need, never empty.
type ewFuncs[T scalar] struct {
	rows        func(op Op, d, x, y []T, rows, n, xs, ys int)
	vecScalar   func(op Op, d, x []T, s T)
	scalarVec   func(op Op, d []T, s T, y []T)
	relu        func(d, x []T)
	reluGrad    func(d, x, dy []T, alpha T)
	sigmoidGrad func(d, y, dy []T)
	tanhGrad    func(d, y, dy []T)
	adam        func(w, m, v, g []T, alpha, c1, c2, eps T)
	colSum      func(acc []float64, x []T, rows, stride int)
}

// ewFuncs32 holds the float32-only kernels of one kernel set.
type ewFuncs32 struct {
	exp, sigmoid, tanh func(d, x []float32)
	max                func(x []float32) float32
	expSum             func(d, x []float32, m float32) float64
	expSumNoStore      func(x []float32, m float32) float64
	sum                func(x []float32) float64
}

// An ewSet is a complete implementation of the elementwise kernels.
type ewSet struct {
	name string
	s    *ewFuncs[float32]
	d    *ewFuncs[float64]
	f    *ewFuncs32
}

// ewSets lists the elementwise kernel sets this machine can run, best
// first; the portable set is always last. ew_amd64.go adds the assembly.
var ewSets = []ewSet{{name: "go", s: &ewGoS, d: &ewGoD, f: &ewGo32}}

// The kernel set in use, written only during package initialisation and by
// tests (never concurrently with the kernels).
var (
	ewS = &ewGoS
	ewD = &ewGoD
	ewF = &ewGo32
)

// useEWSet switches the elementwise kernels to the named set and reports
// whether this machine supports it.
func useEWSet(name string) bool {
	for _, s := range ewSets {
		if s.name == name {
			ewS, ewD, ewF = s.s, s.d, s.f
			return true
		}
	}
	return false
}

// ewSetName returns the name of the elementwise kernel set in use.
func ewSetName() string {
	for _, s := range ewSets {
		if s.f == ewF {
			return s.name
		}
	}
	return ""
}

// ElementwiseISA returns the name of the instruction set the elementwise
// kernels use: "avx512", "avx2" or "go".
func ElementwiseISA() string { return ewSetName() }

// ewFor returns the kernels in use for T.
func ewFor[T scalar]() *ewFuncs[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(ewS).(*ewFuncs[T])
	}
	return any(ewD).(*ewFuncs[T])
}

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
	ewFor[T]().rows(op, d, x, y, rows, n, xs, ys)
}

// VecScalar computes d[i] = x[i] op s for i < len(d).
func VecScalar[T scalar](op Op, d, x []T, s T) {
	if len(d) == 0 {
		return
	}
	if op > OpDiv {
		panic("kernels: VecScalar: bad op")
	}
	ewFor[T]().vecScalar(op, d, x[:len(d)], s)
}

// ScalarVec computes d[i] = s op y[i] for i < len(d).
func ScalarVec[T scalar](op Op, d []T, s T, y []T) {
	if len(d) == 0 {
		return
	}
	if op > OpDiv {
		panic("kernels: ScalarVec: bad op")
	}
	ewFor[T]().scalarVec(op, d, s, y[:len(d)])
}

// Relu computes d[i] = max(x[i], 0) for i < len(d); NaN stays NaN and -0
// stays -0.
func Relu[T scalar](d, x []T) {
	if len(d) == 0 {
		return
	}
	ewFor[T]().relu(d, x[:len(d)])
}

// ReluGrad computes d[i] = dy[i] where x[i] > 0 and alpha*dy[i] elsewhere
// (NaN x included): the gradient of Relu (alpha 0) and LeakyRelu.
func ReluGrad[T scalar](d, x, dy []T, alpha T) {
	if len(d) == 0 {
		return
	}
	ewFor[T]().reluGrad(d, x[:len(d)], dy[:len(d)], alpha)
}

// SigmoidGrad computes d[i] = (dy[i]*y[i]) * (1 - y[i]), the gradient of
// Sigmoid from its output y.
func SigmoidGrad[T scalar](d, y, dy []T) {
	if len(d) == 0 {
		return
	}
	ewFor[T]().sigmoidGrad(d, y[:len(d)], dy[:len(d)])
}

// TanhGrad computes d[i] = dy[i] * (1 - y[i]*y[i]), the gradient of Tanh
// from its output y.
func TanhGrad[T scalar](d, y, dy []T) {
	if len(d) == 0 {
		return
	}
	ewFor[T]().tanhGrad(d, y[:len(d)], dy[:len(d)])
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
	ewFor[T]().adam(w, m[:n], v[:n], g[:n], alpha, c1, c2, eps)
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
	ewFor[T]().colSum(acc, x[:(rows-1)*stride+len(acc)], rows, stride)
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
	ewF.exp(d, x[:len(d)])
}

// Sigmoid32 computes d[i] = 1/(1+e**-x[i]) for i < len(d) as in
// [ewSigmoidGo], in a form that cannot overflow: at most 2.41 ulp from the
// exact value over all float32 inputs, 0 and 1 at the extremes (never NaN
// for a number).
func Sigmoid32(d, x []float32) {
	if len(d) == 0 {
		return
	}
	ewF.sigmoid(d, x[:len(d)])
}

// Tanh32 computes d[i] = tanh(x[i]) for i < len(d) as in [ewTanhGo]: at
// most 1.05 ulp from the exact value, ±1 for |x| > 9.02.
func Tanh32(d, x []float32) {
	if len(d) == 0 {
		return
	}
	ewF.tanh(d, x[:len(d)])
}

// Max32 returns the largest element of x that is not NaN, or -Inf if
// there is none. The sign of a zero result is unspecified.
func Max32(x []float32) float32 {
	if len(x) == 0 {
		return float32(negInf)
	}
	return ewF.max(x)
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
		return ewF.expSumNoStore(x, m)
	}
	return ewF.expSum(d[:len(x)], x, m)
}

// Sum32 returns the sum of x in float64, adding element i into the i%32-th
// of 32 partial sums that are combined pairwise at the end (see
// [ewSumGo]). Its error is at most about (len(x)/32+5) float64 roundings
// of the sum of magnitudes, far below float32 resolution.
func Sum32(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	return ewF.sum(x)
}
