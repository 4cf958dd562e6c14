package tensor

// Slice returns a copy of the part of t whose index along axis lies in
// [start, end), like t[..., start:end, ...] in numpy followed by a copy.
// Negative start or end count from the end of the axis as in Python, but
// unlike Python a range outside the axis panics with an *Error instead of
// being clamped, and so does start > end. start == end gives an empty axis.
func Slice(t *Tensor, axis, start, end int) *Tensor {
	const op = "Slice"
	a, lo, hi := shpSliceRange(op, t.shape, axis, start, end)
	shape := t.shape.Clone()
	shape[a] = hi - lo
	dst := New(t.dtype, shape...)
	shpSliceInto(op, dst, t, a, lo, hi)
	return dst
}

// SliceInto writes [Slice](t, axis, start, end) into dst, which must have
// the sliced shape and t's dtype and must not overlap t.
func SliceInto(dst, t *Tensor, axis, start, end int) {
	const op = "SliceInto"
	a, lo, hi := shpSliceRange(op, t.shape, axis, start, end)
	shpSliceInto(op, dst, t, a, lo, hi)
}

// Rows returns rows [start, end) of t along axis 0 as a VIEW: the result
// shares t's memory, so writing to it changes t and writing to t changes
// it. This takes a mini-batch without copying; Clone the result (or use
// [Slice]) for an independent copy. start and end follow the rules of
// [Slice]. t must have rank at least 1.
func Rows(t *Tensor, start, end int) *Tensor {
	_, lo, hi := shpSliceRange("Rows", t.shape, 0, start, end)
	shape := t.shape.Clone()
	shape[0] = hi - lo
	inner := shpStride(t.shape, 0)
	lo, hi = lo*inner, hi*inner
	v := &Tensor{dtype: t.dtype, shape: shape}
	switch d := t.data.(type) {
	case []float32:
		v.data = d[lo:hi:hi]
	case []float64:
		v.data = d[lo:hi:hi]
	case []int64:
		v.data = d[lo:hi:hi]
	}
	return v
}

// shpSliceRange resolves axis and the Python-style range [start, end) on a
// tensor of the given shape to a normalized axis and 0 <= lo <= hi <= size,
// panicking with an *Error for op when the range is out of bounds.
func shpSliceRange(op string, shape Shape, axis, start, end int) (a, lo, hi int) {
	a = normAxis(op, axis, len(shape))
	d := shape[a]
	lo, hi = start, end
	if lo < 0 {
		lo += d
	}
	if hi < 0 {
		hi += d
	}
	if lo < 0 || lo > d || hi < 0 || hi > d {
		shpFail(op, []Shape{shape}, "range [%d, %d) is out of bounds for axis %d of size %d", start, end, axis, d)
	}
	if lo > hi {
		shpFail(op, []Shape{shape}, "start %d is after end %d on axis %d of size %d", start, end, axis, d)
	}
	return a, lo, hi
}

// shpSliceInto copies the checked range [lo, hi) of axis a of t into dst.
func shpSliceInto(op string, dst, t *Tensor, a, lo, hi int) {
	ok := dst.dtype == t.dtype && len(dst.shape) == len(t.shape)
	for k := 0; ok && k < len(t.shape); k++ {
		if k == a {
			ok = dst.shape[k] == hi-lo
		} else {
			ok = dst.shape[k] == t.shape[k]
		}
	}
	if !ok {
		want := t.shape.Clone()
		want[a] = hi - lo
		shpCheckDst(op, dst, t.dtype, want)
	}
	var p shpPlan
	p.init(op, lo*shpStride(t.shape, a))
	for k, d := range t.shape {
		if k == a {
			d = hi - lo
		}
		p.add(d, shpStride(t.shape, k))
	}
	shpCopy(dst, t, &p)
}
