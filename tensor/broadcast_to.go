package tensor

// BroadcastTo returns a copy of t expanded to the given shape under numpy's
// broadcasting rules, like numpy.broadcast_to followed by a copy: t's shape
// is aligned with shape at the last axis, and each of t's dimensions must
// equal the target's or be 1 (a 1 is repeated). It panics with an *Error
// naming both shapes if t does not broadcast to shape.
func BroadcastTo(t *Tensor, shape ...int) *Tensor {
	const op = "BroadcastTo"
	checkShape(op, t.dtype, shape)
	shpCheckBroadcastTo(op, t.shape, shape)
	dst := New(t.dtype, shape...)
	shpBroadcastInto(op, dst, t)
	return dst
}

// BroadcastToInto writes t broadcast to dst's shape into dst, which must
// have t's dtype and must not overlap t. It panics with an *Error naming
// both shapes if t does not broadcast to dst's shape.
func BroadcastToInto(dst, t *Tensor) {
	const op = "BroadcastToInto"
	if dst.dtype != t.dtype {
		shpFail(op, []Shape{dst.shape, t.shape}, "dst holds %v, t holds %v", dst.dtype, t.dtype)
	}
	shpCheckBroadcastTo(op, t.shape, dst.shape)
	shpBroadcastInto(op, dst, t)
}

// shpCheckBroadcastTo panics with an *Error for op unless a tensor of
// shape from broadcasts to shape to.
func shpCheckBroadcastTo(op string, from, to Shape) {
	ok := len(from) <= len(to)
	for i := 0; ok && i < len(from); i++ {
		d := from[len(from)-1-i]
		ok = d == 1 || d == to[len(to)-1-i]
	}
	if !ok {
		shpFail(op, []Shape{from, to}, "the tensor's shape (first) cannot be broadcast to the target shape (second)")
	}
}

// shpBroadcastInto copies t, whose shape broadcasts to dst's, into dst:
// axes that t lacks or has as 1 are read with stride 0.
func shpBroadcastInto(op string, dst, t *Tensor) {
	var p shpPlan
	p.init(op, 0)
	lead := len(dst.shape) - len(t.shape)
	for i, d := range dst.shape {
		stride := 0
		if j := i - lead; j >= 0 && t.shape[j] != 1 {
			stride = shpStride(t.shape, j)
		}
		p.add(d, stride)
	}
	shpCopy(dst, t, &p)
}
