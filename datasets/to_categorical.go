package datasets

import (
	"fmt"
	"math"
	"strconv"

	"github.com/neurite/neurite/tensor"
)

// maxCategorical bounds the values ToCategorical returns (2³¹ float32s,
// 8 GiB), so that a stray huge label is an error rather than an attempt
// to allocate without bound.
const maxCategorical = 1 << 31

// ToCategorical is Keras's keras.utils.to_categorical: it turns class
// indices into one-hot rows, the labels categorical_crossentropy wants.
//
// y holds one class index per sample, as a vector (N,) or a column (N, 1)
// (Keras squeezes the trailing 1). Its dtype may be int64, or float32 or
// float64 holding whole numbers, as labels read from a CSV file do. The
// result is a new float32 tensor of shape (N, numClasses) with row i all
// zeros except a 1 in column y[i]. numClasses 0 means max(y)+1, as Keras's
// num_classes=None does.
//
// It returns an error naming the sample for a label that is negative, NaN,
// not a whole number, or not below numClasses, and an error for a nil y, a
// y of another shape, a negative numClasses, or an empty y with
// numClasses 0. A result of more than 2³¹ values is an error too.
func ToCategorical(y *tensor.Tensor, numClasses int) (*tensor.Tensor, error) {
	idx, err := classIndices(y)
	if err != nil {
		return nil, err
	}
	if numClasses < 0 {
		return nil, fmt.Errorf("datasets: ToCategorical: numClasses %d is negative (0 means max(y)+1)", numClasses)
	}
	if numClasses == 0 {
		if len(idx) == 0 {
			return nil, fmt.Errorf("datasets: ToCategorical: y is empty, so numClasses cannot be inferred: pass it")
		}
		m := maxIndex(idx)
		if m >= maxCategorical || m >= math.MaxInt { // the second where int has 32 bits
			return nil, fmt.Errorf("datasets: ToCategorical: the largest label, %d, makes too many classes", m)
		}
		numClasses = int(m) + 1
	}
	for i, c := range idx {
		if c >= int64(numClasses) {
			return nil, fmt.Errorf("datasets: ToCategorical: y[%d] is %d, not a class index below numClasses %d",
				i, c, numClasses)
		}
	}
	if len(idx) > 0 && int64(numClasses) > maxCategorical/int64(len(idx)) {
		return nil, fmt.Errorf("datasets: ToCategorical: %d samples of %d classes make more than 2³¹ values",
			len(idx), numClasses)
	}
	return tensor.OneHot(tensor.FromSlice(idx), numClasses, tensor.Float32), nil
}

// classIndices checks y's dtype, shape and values and returns its labels
// as int64 class indices (non-negative whole numbers).
func classIndices(y *tensor.Tensor) ([]int64, error) {
	if y == nil {
		return nil, fmt.Errorf("datasets: ToCategorical: y is nil")
	}
	if y.Rank() != 1 && (y.Rank() != 2 || y.Dim(1) != 1) {
		return nil, fmt.Errorf("datasets: ToCategorical: y must be class indices of shape (N,) or (N, 1), got shape %v", y.Shape())
	}
	switch y.DType() {
	case tensor.Int64:
		idx := y.Int64s() // only read
		for i, c := range idx {
			if c < 0 {
				return nil, fmt.Errorf("datasets: ToCategorical: y[%d] is %d, a negative class index", i, c)
			}
		}
		return idx, nil
	case tensor.Float32:
		return wholeIndices(y.Values(), 32)
	}
	return wholeIndices(y.Values(), 64)
}

// wholeIndices converts float labels to class indices, failing on the
// first that is not one (see [notAnIndex]). bits (32 or 64) is the labels'
// precision, for printing them.
func wholeIndices(v []float64, bits int) ([]int64, error) {
	idx := make([]int64, len(v))
	for i, f := range v {
		if why := notAnIndex(f); why != "" {
			return nil, fmt.Errorf("datasets: ToCategorical: y[%d] is %s, %s",
				i, strconv.FormatFloat(f, 'g', -1, bits), why)
		}
		idx[i] = int64(f)
	}
	return idx, nil
}

// notAnIndex says why a float label is not a class index, or returns ""
// if it is one: a whole number in [0, 2⁵³] (beyond 2⁵³ floats skip whole
// numbers).
func notAnIndex(f float64) string {
	switch {
	case math.IsNaN(f):
		return "not a class index"
	case f < 0:
		return "a negative class index"
	case f != math.Trunc(f):
		return "not a whole number"
	case f > 1<<53:
		return "too large to be an exact class index"
	}
	return ""
}

// maxIndex returns the largest of a non-empty slice.
func maxIndex(idx []int64) int64 {
	m := idx[0]
	for _, c := range idx[1:] {
		m = max(m, c)
	}
	return m
}
