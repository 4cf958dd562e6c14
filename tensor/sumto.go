package tensor

// SumTo sums t down to shape, reversing numpy broadcasting: shape must
// broadcast to t's shape, and t is summed over the leading axes that shape
// lacks and over the axes where shape has size 1 but t does not. The result
// has exactly the given shape and t's dtype. This is the gradient of a
// broadcasting op with respect to an operand of that shape; for example a
// (2, 3) gradient sums to (3,) over axis 0 and to (2, 1) over axis 1.
// Sums accumulate as in [Sum]. It panics with an *Error if shape does not
// broadcast to t's shape.
func SumTo(t *Tensor, shape Shape) *Tensor {
	mask := sumToMask("SumTo", t.shape, shape)
	dst := &Tensor{dtype: t.dtype, shape: shape.Clone()}
	dst.data = makeData(dst.dtype, dst.shape.Size())
	reduceExec("SumTo", reduceSum, dst, t, mask)
	return dst
}

// SumToInto is [SumTo] with dst's shape as the target shape; dst must have
// t's dtype. It does not allocate when the summed axes are adjacent
// (ignoring axes of size 1), as for a bias gradient.
func SumToInto(dst, t *Tensor) {
	if dst == nil {
		panicShapes("SumToInto", "destination is nil", t.shape)
	}
	if dst.dtype != t.dtype {
		panicShapes("SumToInto", "destination dtype "+dst.dtype.String()+" differs from "+t.dtype.String(), dst.shape, t.shape)
	}
	reduceExec("SumToInto", reduceSum, dst, t, sumToMask("SumToInto", t.shape, dst.shape))
}

// sumToMask returns the axes of from that summing to shape reduces, or
// panics with an *Error naming op if shape does not broadcast to from.
func sumToMask(op string, from, shape Shape) uint64 {
	if len(from) > reduceMaxRank {
		panicShapes(op, "rank exceeds the maximum of 64", from)
	}
	lead := len(from) - len(shape)
	if lead < 0 {
		panicShapes(op, "target shape does not broadcast to the tensor's shape", shape, from)
	}
	var mask uint64
	for i, d := range from {
		j := i - lead
		switch {
		case j < 0 || (shape[j] == 1 && d != 1):
			mask |= 1 << uint(i)
		case shape[j] != d:
			panicShapes(op, "target shape does not broadcast to the tensor's shape", shape, from)
		}
	}
	return mask
}
