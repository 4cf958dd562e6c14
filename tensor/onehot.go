package tensor

// OneHot encodes integer class labels: labels is an Int64 tensor of any
// shape, and the result, of the given dtype and shape labels.shape +
// (depth,), holds 1 at position labels[i] of row i and 0 elsewhere, like
// tf.one_hot. A label outside [0, depth) panics with an *Error naming the
// label and depth; labels of another dtype (even float labels holding whole
// numbers) panic with an *Error too, which points to datasets.ToCategorical
// for such labels.
func OneHot(labels *Tensor, depth int, dtype DType) *Tensor {
	const op = "OneHot"
	oneHotLabels(op, labels)
	if depth < 0 {
		shpFail(op, []Shape{labels.shape}, "depth %d must not be negative", depth)
	}
	if !dtype.Valid() {
		panicf(op, "invalid dtype %v", dtype)
	}
	shape := make(Shape, 0, len(labels.shape)+1)
	shape = append(append(shape, labels.shape...), depth)
	dst := New(dtype, shape...)
	OneHotInto(dst, labels)
	return dst
}

// OneHotInto writes [OneHot](labels, depth, dst.DType()) into dst, whose
// shape must be labels.shape + (depth,); every element of dst is
// overwritten.
func OneHotInto(dst, labels *Tensor) {
	const op = "OneHotInto"
	lab := oneHotLabels(op, labels)
	r := len(labels.shape)
	if len(dst.shape) != r+1 || !Shape(dst.shape[:r]).Equal(labels.shape) {
		shpFail(op, []Shape{dst.shape, labels.shape}, "dst shape must be the labels' shape plus (depth,)")
	}
	depth := dst.shape[r]
	for _, l := range lab {
		if l < 0 || l >= int64(depth) {
			shpFail(op, []Shape{labels.shape}, "label %d is out of range for depth %d", l, depth)
		}
	}
	dst.Fill(0)
	switch d := dst.data.(type) {
	case []float32:
		shpOneHot(d, lab, depth)
	case []float64:
		shpOneHot(d, lab, depth)
	case []int64:
		shpOneHot(d, lab, depth)
	}
}

// oneHotLabels returns the int64 labels, or panics with an *Error for op
// that says what to do with float labels.
func oneHotLabels(op string, labels *Tensor) []int64 {
	lab, ok := labels.data.([]int64)
	if !ok {
		shpFail(op, []Shape{labels.shape}, "labels must be int64 class indices, got %v; "+
			"for float labels holding whole numbers (as read from CSV) use datasets.ToCategorical, "+
			"or Cast them to Int64 first", labels.dtype)
	}
	return lab
}

// shpOneHot sets d[i*depth+labels[i]] = 1 for every i.
func shpOneHot[T Number](d []T, labels []int64, depth int) {
	for i, l := range labels {
		d[i*depth+int(l)] = 1
	}
}
