package tensor

// BroadcastShapes returns the shape that a and b broadcast to under numpy's
// rules: shapes are aligned at their last dimension, a missing leading
// dimension counts as 1, and each pair of dimensions must be equal or
// contain a 1. ok is false when the shapes are incompatible.
func BroadcastShapes(a, b Shape) (out Shape, ok bool) {
	n := max(len(a), len(b))
	out = make(Shape, n)
	for i := 0; i < n; i++ {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == 1:
			out[i] = db
		case db == 1:
			out[i] = da
		default:
			return nil, false
		}
	}
	return out, true
}

// mustBroadcast is BroadcastShapes that panics with an *Error naming op.
func mustBroadcast(op string, a, b Shape) Shape {
	out, ok := BroadcastShapes(a, b)
	if !ok {
		panicShapes(op, "shapes cannot be broadcast together", a, b)
	}
	return out
}
