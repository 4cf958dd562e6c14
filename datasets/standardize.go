package datasets

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// Standardizer rescales features to zero mean and unit variance using
// statistics of the training data, the preprocessing Keras examples do by
// hand with x.mean(axis=0) and x.std(axis=0) (and scikit-learn's
// StandardScaler does): x' = (x - Mean) / Std, column by column.
//
// Mean and Std are float64 tensors of shape (D,), one entry per feature
// column. Std holds the divisor actually used: the population standard
// deviation (numpy's default ddof=0) of the column, or 1 for a constant
// column, whose standard deviation is 0; such a column is only centred.
// A Standardizer may also be built by hand from any float tensors of shape
// (D,) whose Std entries are positive and finite.
type Standardizer struct {
	Mean, Std *tensor.Tensor
}

// FitStandardizer computes the per-column mean and population standard
// deviation of x, a float32 or float64 tensor of shape (N, D) with N ≥ 1,
// over axis 0, in float64 with two passes over the data. A column whose
// values are all equal gets Std 1 (see [Standardizer]). It returns an error
// if x is nil, not a float tensor of rank 2, empty, or holds a NaN or
// infinite value.
func FitStandardizer(x *tensor.Tensor) (*Standardizer, error) {
	if x == nil {
		return nil, fmt.Errorf("datasets: FitStandardizer: x is nil")
	}
	if !x.DType().IsFloat() || x.Rank() != 2 {
		return nil, fmt.Errorf("datasets: FitStandardizer: x must be a float tensor of shape (N, D), got %v %v",
			x.DType(), x.Shape())
	}
	n, d := x.Dim(0), x.Dim(1)
	if n == 0 || d == 0 {
		return nil, fmt.Errorf("datasets: FitStandardizer: x of shape %v has no values", x.Shape())
	}
	v := x.Values()
	for i, e := range v {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return nil, fmt.Errorf("datasets: FitStandardizer: x[%d, %d] is %v", i/d, i%d, e)
		}
	}
	mean := make([]float64, d)
	std := make([]float64, d)
	for j := range d {
		s, lo, hi := 0.0, v[j], v[j]
		for i := range n {
			e := v[i*d+j]
			s += e
			lo, hi = min(lo, e), max(hi, e)
		}
		m := s / float64(n)
		ss := 0.0
		for i := range n {
			e := v[i*d+j] - m
			ss += e * e
		}
		mean[j], std[j] = m, math.Sqrt(ss/float64(n))
		if lo == hi || std[j] == 0 {
			std[j] = 1
		}
	}
	return &Standardizer{Mean: tensor.FromSlice(mean), Std: tensor.FromSlice(std)}, nil
}

// Transform returns a new tensor (x - Mean) / Std, computed in float64 and
// stored in x's dtype. x is a float32 or float64 tensor whose last
// dimension is the number of columns D the Standardizer was fitted on,
// typically (N, D); a single sample of shape (D,) works too. NaN values
// pass through. It returns an error naming both widths if x's last
// dimension is not D, and an error if x is not a float tensor or the
// Standardizer is malformed.
func (s *Standardizer) Transform(x *tensor.Tensor) (*tensor.Tensor, error) {
	mean, std, err := s.stats()
	if err != nil {
		return nil, err
	}
	if x == nil {
		return nil, fmt.Errorf("datasets: Standardizer.Transform: x is nil")
	}
	if !x.DType().IsFloat() || x.Rank() == 0 {
		return nil, fmt.Errorf("datasets: Standardizer.Transform: x must be a float tensor of rank ≥ 1, got %v %v",
			x.DType(), x.Shape())
	}
	d := len(mean)
	if w := x.Dim(-1); w != d {
		return nil, fmt.Errorf("datasets: Standardizer.Transform: x has %d columns (shape %v), but the standardizer was fitted on %d",
			w, x.Shape(), d)
	}
	out := tensor.ZerosLike(x)
	switch src := x.Raw().(type) {
	case []float32:
		standardizeInto(out.Float32s(), src, mean, std)
	case []float64:
		standardizeInto(out.Float64s(), src, mean, std)
	}
	return out, nil
}

// standardizeInto writes (src - mean) / std, row by row, into dst.
func standardizeInto[T tensor.Float](dst, src []T, mean, std []float64) {
	d := len(mean)
	for i, e := range src {
		j := i % d
		dst[i] = T((float64(e) - mean[j]) / std[j])
	}
}

// stats validates s and returns its statistics as float64 slices.
func (s *Standardizer) stats() (mean, std []float64, err error) {
	const op = "datasets: Standardizer.Transform"
	if s == nil || s.Mean == nil || s.Std == nil {
		return nil, nil, fmt.Errorf("%s: the standardizer has no Mean or Std; use FitStandardizer", op)
	}
	if !s.Mean.DType().IsFloat() || !s.Std.DType().IsFloat() || s.Mean.Rank() != 1 ||
		!s.Mean.Shape().Equal(s.Std.Shape()) {
		return nil, nil, fmt.Errorf("%s: Mean and Std must be float tensors of the same shape (D,), got %v %v and %v %v",
			op, s.Mean.DType(), s.Mean.Shape(), s.Std.DType(), s.Std.Shape())
	}
	mean, std = s.Mean.Values(), s.Std.Values()
	for j, e := range std {
		if !(e > 0) || math.IsInf(e, 0) || math.IsNaN(mean[j]) || math.IsInf(mean[j], 0) {
			return nil, nil, fmt.Errorf("%s: column %d has Mean %v and Std %v; Std must be positive and both finite",
				op, j, mean[j], e)
		}
	}
	return mean, std, nil
}
