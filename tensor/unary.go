package tensor

import "math"

// unOp names a unary elementwise operation. The ops from opExp on accept
// only float dtypes.
type unOp uint8

const (
	opNeg unOp = iota
	opAbs
	opSquare
	opSign
	opRelu
	opExp // float-only ops follow
	opLog
	opSqrt
	opTanh
	opSigmoid
)

// Neg returns -t elementwise. It accepts every dtype.
func Neg(t *Tensor) *Tensor { return unaryNew(opNeg, "Neg", t) }

// Abs returns |t| elementwise. It accepts every dtype; Abs(-0.0) is +0.0.
func Abs(t *Tensor) *Tensor { return unaryNew(opAbs, "Abs", t) }

// Square returns t*t elementwise. It accepts every dtype.
func Square(t *Tensor) *Tensor { return unaryNew(opSquare, "Square", t) }

// Sign returns 1 where t > 0, -1 where t < 0, 0 where t is zero and NaN
// where t is NaN. It accepts every dtype.
func Sign(t *Tensor) *Tensor { return unaryNew(opSign, "Sign", t) }

// Relu returns max(t, 0) elementwise; NaN stays NaN. It accepts every dtype.
func Relu(t *Tensor) *Tensor { return unaryNew(opRelu, "Relu", t) }

// Exp returns e**t elementwise (float dtypes only). Large inputs give +Inf,
// very negative ones 0.
func Exp(t *Tensor) *Tensor { return unaryNew(opExp, "Exp", t) }

// Log returns the natural logarithm elementwise (float dtypes only):
// Log(0) is -Inf and the log of a negative number is NaN.
func Log(t *Tensor) *Tensor { return unaryNew(opLog, "Log", t) }

// Sqrt returns the square root elementwise (float dtypes only); negative
// inputs give NaN.
func Sqrt(t *Tensor) *Tensor { return unaryNew(opSqrt, "Sqrt", t) }

// Tanh returns the hyperbolic tangent elementwise (float dtypes only). It
// saturates to ±1 for large |t|.
func Tanh(t *Tensor) *Tensor { return unaryNew(opTanh, "Tanh", t) }

// Sigmoid returns 1/(1+e**-t) elementwise (float dtypes only). It is
// computed in a form that cannot overflow, so Sigmoid(-1000) is 0 and
// Sigmoid(1000) is 1.
func Sigmoid(t *Tensor) *Tensor { return unaryNew(opSigmoid, "Sigmoid", t) }

// NegInto writes -t into dst, which must have t's shape and dtype. Like
// every unary Into form it allocates nothing, and dst may be t itself to
// compute in place.
func NegInto(dst, t *Tensor) { unaryInto(opNeg, "NegInto", dst, t) }

// AbsInto writes [Abs](t) into dst; see [NegInto] for the rules on dst.
func AbsInto(dst, t *Tensor) { unaryInto(opAbs, "AbsInto", dst, t) }

// SquareInto writes [Square](t) into dst; see [NegInto] for the rules on dst.
func SquareInto(dst, t *Tensor) { unaryInto(opSquare, "SquareInto", dst, t) }

// SignInto writes [Sign](t) into dst; see [NegInto] for the rules on dst.
func SignInto(dst, t *Tensor) { unaryInto(opSign, "SignInto", dst, t) }

// ReluInto writes [Relu](t) into dst; see [NegInto] for the rules on dst.
func ReluInto(dst, t *Tensor) { unaryInto(opRelu, "ReluInto", dst, t) }

// ExpInto writes [Exp](t) into dst; see [NegInto] for the rules on dst.
func ExpInto(dst, t *Tensor) { unaryInto(opExp, "ExpInto", dst, t) }

// LogInto writes [Log](t) into dst; see [NegInto] for the rules on dst.
func LogInto(dst, t *Tensor) { unaryInto(opLog, "LogInto", dst, t) }

// SqrtInto writes [Sqrt](t) into dst; see [NegInto] for the rules on dst.
func SqrtInto(dst, t *Tensor) { unaryInto(opSqrt, "SqrtInto", dst, t) }

// TanhInto writes [Tanh](t) into dst; see [NegInto] for the rules on dst.
func TanhInto(dst, t *Tensor) { unaryInto(opTanh, "TanhInto", dst, t) }

// SigmoidInto writes [Sigmoid](t) into dst; see [NegInto] for the rules on dst.
func SigmoidInto(dst, t *Tensor) { unaryInto(opSigmoid, "SigmoidInto", dst, t) }

// unaryNew allocates the result of a unary op and fills it.
func unaryNew(op unOp, name string, t *Tensor) *Tensor {
	unCheckDType(op, name, t)
	dst := New(t.dtype, t.shape...)
	unaryInto(op, name, dst, t)
	return dst
}

// unCheckDType rejects Int64 for the float-only ops.
func unCheckDType(op unOp, name string, t *Tensor) {
	if op >= opExp && !t.dtype.IsFloat() {
		panicShapes(name, "needs a float tensor, got "+t.dtype.String(), t.shape)
	}
}

// unaryInto checks the operands of a unary op and runs its kernel.
func unaryInto(op unOp, name string, dst, t *Tensor) {
	unCheckDType(op, name, t)
	ewCheckDst(name, dst, t.dtype, t.shape)
	switch d := dst.data.(type) {
	case []float32:
		unRun(op, d, t.data.([]float32))
	case []float64:
		unRun(op, d, t.data.([]float64))
	case []int64:
		unRun(op, d, t.data.([]int64))
	}
}

// unRun applies op to x, in parallel for large tensors.
func unRun[T Number](op unOp, d, x []T) {
	if len(d) < 2*ewGrain {
		unLoop(op, d, x)
		return
	}
	mapParallel(mapTask[T]{kind: mapUnary, un: op}, d, x)
}

// unLoop computes d[i] = op(x[i]).
func unLoop[T Number](op unOp, d, x []T) {
	if ewkUnary(op, d, x) {
		return
	}
	x = x[:len(d)]
	i := 0
	switch op {
	case opNeg:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = -xx[0], -xx[1], -xx[2], -xx[3]
		}
		for ; i < len(d); i++ {
			d[i] = -x[i]
		}
	case opSquare:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = xx[0]*xx[0], xx[1]*xx[1], xx[2]*xx[2], xx[3]*xx[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] * x[i]
		}
	case opRelu:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = relu(xx[0]), relu(xx[1]), relu(xx[2]), relu(xx[3])
		}
		for ; i < len(d); i++ {
			d[i] = relu(x[i])
		}
	case opSign:
		for i := range d {
			switch v := x[i]; {
			case v > 0:
				d[i] = 1
			case v < 0:
				d[i] = -1
			case v == 0:
				d[i] = 0
			default: // NaN
				d[i] = v
			}
		}
	default:
		switch dd := any(d).(type) {
		case []float32:
			unFloat32(op, dd, any(x).([]float32))
		case []float64:
			unFloat64(op, dd, any(x).([]float64))
		case []int64: // only Abs gets here for int64
			xx := any(x).([]int64)
			for i := range dd {
				dd[i] = max(xx[i], -xx[i])
			}
		}
	}
}

// relu is max(v, 0) that keeps NaN.
func relu[T Number](v T) T {
	if v < 0 {
		return 0
	}
	return v
}

// unFloat64 computes the float-only ops that have no float64 kernel (see
// ewkUnary), and Abs, for float64 with the math package.
func unFloat64(op unOp, d, x []float64) {
	x = x[:len(d)]
	switch op {
	case opAbs:
		for i := range d {
			d[i] = math.Abs(x[i])
		}
	case opLog:
		for i := range d {
			d[i] = math.Log(x[i])
		}
	case opSqrt:
		for i := range d {
			d[i] = math.Sqrt(x[i])
		}
	}
}

// unFloat32 computes the float-only ops (and Abs) that have no float32
// kernel (see ewkUnary) for float32. The inputs are widened to float64 a
// block at a time and the results narrowed back in separate loops:
// converting inside the math loop would make each conversion wait for the
// previous element's result (CVTSS2SD only writes half its register),
// serializing the whole loop.
func unFloat32(op unOp, d, x []float32) {
	x = x[:len(d)]
	if op == opAbs {
		for i := range d {
			d[i] = math.Float32frombits(math.Float32bits(x[i]) &^ (1 << 31))
		}
		return
	}
	var buf [unBlock]float64
	for lo := 0; lo < len(d); lo += unBlock {
		hi := min(lo+unBlock, len(d))
		b := buf[:hi-lo]
		unWiden(b, x[lo:hi])
		switch op {
		case opLog:
			for i, v := range b {
				b[i] = math.Log(v)
			}
		case opSqrt:
			for i, v := range b {
				b[i] = math.Sqrt(v)
			}
		}
		unNarrow(d[lo:hi], b)
	}
}

// unWiden converts x into b, four at a time so that the conversions (each
// of which merges into its destination register) form independent chains.
func unWiden(b []float64, x []float32) {
	x = x[:len(b)]
	i := 0
	for ; i+4 <= len(b); i += 4 {
		bb, xx := b[i:i+4:i+4], x[i:i+4:i+4]
		bb[0], bb[1], bb[2], bb[3] = float64(xx[0]), float64(xx[1]), float64(xx[2]), float64(xx[3])
	}
	for ; i < len(b); i++ {
		b[i] = float64(x[i])
	}
}

// unNarrow converts b into d, rounding to nearest, four at a time.
func unNarrow(d []float32, b []float64) {
	b = b[:len(d)]
	i := 0
	for ; i+4 <= len(d); i += 4 {
		dd, bb := d[i:i+4:i+4], b[i:i+4:i+4]
		dd[0], dd[1], dd[2], dd[3] = float32(bb[0]), float32(bb[1]), float32(bb[2]), float32(bb[3])
	}
	for ; i < len(d); i++ {
		d[i] = float32(b[i])
	}
}

// unBlock is how many float32 elements unFloat32 widens at a time.
const unBlock = 128

// Clip limits every element of t to [lo, hi], like numpy.clip (that is,
// Minimum(Maximum(t, lo), hi)): when lo > hi every element becomes hi, and
// NaN elements stay NaN. For float dtypes a NaN bound makes every element
// NaN. For Int64, lo is rounded up and hi rounded down to whole numbers
// (saturating at the int64 range) so results stay within [lo, hi]; a NaN
// bound panics with an *Error.
func Clip(t *Tensor, lo, hi float64) *Tensor {
	dst := New(t.dtype, t.shape...)
	clipInto("Clip", dst, t, lo, hi)
	return dst
}

// ClipInto writes [Clip](t, lo, hi) into dst, which must have t's shape and
// dtype. It allocates nothing, and dst may be t itself.
func ClipInto(dst, t *Tensor, lo, hi float64) { clipInto("ClipInto", dst, t, lo, hi) }

// clipInto checks the operands of Clip and runs its kernel.
func clipInto(name string, dst, t *Tensor, lo, hi float64) {
	ewCheckDst(name, dst, t.dtype, t.shape)
	switch d := dst.data.(type) {
	case []float32:
		clipRun(d, t.data.([]float32), float32(lo), float32(hi))
	case []float64:
		clipRun(d, t.data.([]float64), lo, hi)
	case []int64:
		if math.IsNaN(lo) || math.IsNaN(hi) {
			panicShapes(name, "NaN bound for an int64 tensor", t.shape)
		}
		clipRun(d, t.data.([]int64), castSatInt64(math.Ceil(lo)), castSatInt64(math.Floor(hi)))
	}
}

// clipRun clips x into d, in parallel for large tensors.
func clipRun[T Number](d, x []T, lo, hi T) {
	if lo != lo || hi != hi { // NaN bound (floats only)
		fillSlice(d, lo+hi)
		return
	}
	if len(d) < 2*ewGrain {
		clipLoop(d, x, lo, hi)
		return
	}
	mapParallel(mapTask[T]{kind: mapClip, s: lo, s2: hi}, d, x)
}

// clipLoop computes d[i] = min(max(x[i], lo), hi), keeping NaN.
func clipLoop[T Number](d, x []T, lo, hi T) {
	x = x[:len(d)]
	for i := range d {
		v := x[i]
		if v < lo {
			v = lo
		}
		if v > hi {
			v = hi
		}
		d[i] = v
	}
}
