package tensor

// AddScalar returns t + s elementwise, with s converted to t's dtype first
// by the rules of [Cast] (for Int64 it truncates toward zero).
func AddScalar(t *Tensor, s float64) *Tensor { return scalarNew(opAdd, "AddScalar", t, s) }

// MulScalar returns t * s elementwise, with s converted to t's dtype first
// by the rules of [Cast] (for Int64 it truncates toward zero).
func MulScalar(t *Tensor, s float64) *Tensor { return scalarNew(opMul, "MulScalar", t, s) }

// AddScalarInto writes [AddScalar](t, s) into dst, which must have t's
// shape and dtype. It allocates nothing, and dst may be t itself.
func AddScalarInto(dst, t *Tensor, s float64) { scalarInto(opAdd, "AddScalarInto", dst, t, s) }

// MulScalarInto writes [MulScalar](t, s) into dst, which must have t's
// shape and dtype. It allocates nothing, and dst may be t itself.
func MulScalarInto(dst, t *Tensor, s float64) { scalarInto(opMul, "MulScalarInto", dst, t, s) }

// scalarNew allocates the result of a scalar op and fills it.
func scalarNew(op binOp, name string, t *Tensor, s float64) *Tensor {
	dst := New(t.dtype, t.shape...)
	scalarInto(op, name, dst, t, s)
	return dst
}

// scalarInto checks the operands of a scalar op and runs its kernel.
func scalarInto(op binOp, name string, dst, t *Tensor, s float64) {
	ewCheckDst(name, dst, t.dtype, t.shape)
	switch d := dst.data.(type) {
	case []float32:
		scalarRun(op, d, t.data.([]float32), castScalar[float32](s))
	case []float64:
		scalarRun(op, d, t.data.([]float64), s)
	case []int64:
		scalarRun(op, d, t.data.([]int64), castScalar[int64](s))
	}
}

// scalarRun computes d[i] = x[i] op s, in parallel for large tensors.
func scalarRun[T Number](op binOp, d, x []T, s T) {
	if len(d) < 2*ewGrain {
		binVS(op, d, x, s)
		return
	}
	mapParallel(mapTask[T]{kind: mapScalar, bin: op, s: s}, d, x)
}
