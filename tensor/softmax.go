package tensor

// softmaxGrain is the least number of elements a parallel softmax chunk
// handles (each costs an exp, so less than reduceGrain).
const softmaxGrain = 16 << 10

// Softmax returns exp(x) / sum(exp(x)) along axis (negative counts from
// the end), the same shape and dtype as t, which must be float32 or
// float64. It subtracts the maximum along the axis before exponentiating,
// so large logits stay finite: the softmax of [1000, 0] is [1, 0]. The
// exponentials and their sum are computed in float64. A NaN or an infinite
// maximum along the axis makes that slice NaN, as in numpy.
func Softmax(t *Tensor, axis int) *Tensor {
	dst := softmaxNew("Softmax", t, axis)
	softmaxExec("Softmax", false, dst, t, axis)
	return dst
}

// SoftmaxInto is [Softmax] writing into dst, which must have t's shape and
// dtype; dst may be t itself. It does not allocate.
func SoftmaxInto(dst, t *Tensor, axis int) {
	softmaxCheckDst("SoftmaxInto", dst, t)
	softmaxExec("SoftmaxInto", false, dst, t, axis)
}

// LogSoftmax returns the logarithm of [Softmax] along axis, computed
// directly as x - max - log(sum(exp(x - max))) rather than as log(softmax),
// so it stays finite where the softmax underflows to 0: the log-softmax of
// [1000, 0] is [0, -1000]. Shapes, dtypes and NaN are as for Softmax.
func LogSoftmax(t *Tensor, axis int) *Tensor {
	dst := softmaxNew("LogSoftmax", t, axis)
	softmaxExec("LogSoftmax", true, dst, t, axis)
	return dst
}

// LogSoftmaxInto is [LogSoftmax] writing into dst, which must have t's
// shape and dtype; dst may be t itself. It does not allocate.
func LogSoftmaxInto(dst, t *Tensor, axis int) {
	softmaxCheckDst("LogSoftmaxInto", dst, t)
	softmaxExec("LogSoftmaxInto", true, dst, t, axis)
}

// softmaxNew checks t and axis and allocates a result like t.
func softmaxNew(op string, t *Tensor, axis int) *Tensor {
	reduceCheckFloat(op, t)
	reduceAxis(op, t.shape, axis)
	return New(t.dtype, t.shape...)
}

// softmaxCheckDst panics with an *Error naming op unless dst has t's shape
// and dtype.
func softmaxCheckDst(op string, dst, t *Tensor) {
	reduceCheckFloat(op, t)
	if dst == nil {
		panicShapes(op, "destination is nil", t.shape)
	}
	if dst.dtype != t.dtype || !dst.shape.Equal(t.shape) {
		panicShapes(op, "destination must have the dtype "+t.dtype.String()+" and shape of the input", dst.shape, t.shape)
	}
}

// softmaxExec computes the (log-)softmax of t along axis into dst.
func softmaxExec(op string, log bool, dst, t *Tensor, axis int) {
	a := reduceAxis(op, t.shape, axis)
	outer, r, inner := t.shape[:a].Size(), t.shape[a], t.shape[a+1:].Size()
	if outer*r*inner == 0 {
		return
	}
	switch x := t.data.(type) {
	case []float32:
		softmaxRun(log, x, dst.Float32s(), outer, r, inner)
	case []float64:
		softmaxRun(log, x, dst.Float64s(), outer, r, inner)
	}
}

// softmaxRun applies the (log-)softmax over r to the (outer, r, inner)
// row-major block x, writing y.
func softmaxRun[T Float](log bool, x, y []T, outer, r, inner int) {
	if inner == 1 {
		if outer == 1 || outer*r < 2*softmaxGrain {
			softmaxRows(log, x, y, r, 0, outer)
			return
		}
		softmaxParallel(log, x, y, r, 0, 0, false, outer, (softmaxGrain+r-1)/r)
		return
	}
	bw, units, _ := reduceColPlan(outer, r, inner)
	if units == 1 || outer*r*inner < 2*softmaxGrain {
		softmaxColRange(log, x, y, r, inner, bw, 0, units)
		return
	}
	softmaxParallel(log, x, y, r, inner, bw, true, units, max(1, softmaxGrain/(r*bw)))
}

func softmaxRows[T Float](log bool, x, y []T, r, lo, hi int) {
	for o := lo; o < hi; o++ {
		xr, yr := x[o*r:(o+1)*r], y[o*r:(o+1)*r]
		if log {
			logSoftmaxRow(xr, yr)
		} else {
			softmaxRow(xr, yr)
		}
	}
}

// softmaxRow writes the softmax of the contiguous x into y (which may be x).
func softmaxRow[T Float](x, y []T) {
	switch xx := any(x).(type) {
	case []float32:
		ewkSoftmaxRow(xx, any(y).([]float32))
	case []float64:
		ewkSoftmaxRow64(xx, any(y).([]float64))
	}
}

// logSoftmaxRow writes the log-softmax of the contiguous x into y (which
// may be x).
func logSoftmaxRow[T Float](x, y []T) {
	switch xx := any(x).(type) {
	case []float32:
		ewkLogSoftmaxRow(xx, any(y).([]float32))
	case []float64:
		ewkLogSoftmaxRow64(xx, any(y).([]float64))
	}
}

// softmaxColRange handles units [lo, hi) of (slab, column block) pairs
// when the softmax axis is not the last one.
func softmaxColRange[T Float](log bool, x, y []T, r, inner, bw, lo, hi int) {
	nb := (inner + bw - 1) / bw
	slab := r * inner
	for u := lo; u < hi; u++ {
		o, b := u/nb, u%nb
		j0 := b * bw
		j1 := min(j0+bw, inner)
		ewkSoftmaxCols(log, x[o*slab:(o+1)*slab], y[o*slab:(o+1)*slab], r, inner, j0, j1)
	}
}
