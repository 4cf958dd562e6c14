package models

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// prepareX checks model inputs and converts them to the model's dtype: the
// batch axis must be there, the per-sample shape must match the model's,
// and every value must be finite.
func (m *Sequential) prepareX(x *tensor.Tensor, arg string) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("models: %s is nil", arg)
	}
	if x.Rank() < 1 {
		return nil, fmt.Errorf("models: %s must have a batch axis, got shape %v", arg, x.Shape())
	}
	if err := m.ensureBuilt(x.Shape()); err != nil {
		return nil, err
	}
	want := m.built.inputShape
	if !x.Shape()[1:].Equal(want) {
		return nil, fmt.Errorf("models: %s has shape %v, but layer %q (%s) expects inputs of shape %s",
			arg, x.Shape(), m.names[0], m.layers[0].Type(), noneShape(want))
	}
	if err := checkFinite(x, arg); err != nil {
		return nil, err
	}
	dtype := m.built.input.DType()
	if x.DType() != dtype {
		if !x.DType().IsFloat() && x.DType() != tensor.Int64 {
			return nil, fmt.Errorf("models: %s has dtype %v", arg, x.DType())
		}
		x = tensor.Cast(x, dtype)
	}
	return x, nil
}

// prepareY checks labels against x: one label per sample, finite values,
// and float labels in the model's dtype (integer labels stay integers, for
// the sparse losses).
func (m *Sequential) prepareY(y *tensor.Tensor, n int, arg string) (*tensor.Tensor, error) {
	if y == nil {
		return nil, fmt.Errorf("models: %s is nil", arg)
	}
	if y.Rank() < 1 || y.Dim(0) != n {
		return nil, fmt.Errorf("models: %s has shape %v, but there are %d input samples", arg, y.Shape(), n)
	}
	if err := checkFinite(y, arg); err != nil {
		return nil, err
	}
	if y.DType().IsFloat() && y.DType() != m.built.input.DType() {
		y = tensor.Cast(y, m.built.input.DType())
	}
	return y, nil
}

// checkFinite returns an error naming the first NaN or infinite value.
func checkFinite(t *tensor.Tensor, arg string) error {
	var bad int = -1
	switch d := t.Raw().(type) {
	case []float32:
		// NaN and ±Inf are the values whose exponent bits are all set.
		for i, v := range d {
			if math.Float32bits(v)&0x7f800000 == 0x7f800000 {
				bad = i
				break
			}
		}
	case []float64:
		for i, v := range d {
			if math.Float64bits(v)&0x7ff0000000000000 == 0x7ff0000000000000 {
				bad = i
				break
			}
		}
	}
	if bad < 0 {
		return nil
	}
	row := 0
	if per := t.Size() / max(t.Dim(0), 1); per > 0 {
		row = bad / per
	}
	return fmt.Errorf("models: %s contains %v in sample %d", arg, t.Values()[bad], row)
}

// splitValidation cuts the last fraction of the samples off for
// validation, before any shuffling, as Keras's validation_split does: the
// training part is the first floor(N·(1−split)) samples.
func splitValidation(x, y *tensor.Tensor, split float64) (xt, yt, xv, yv *tensor.Tensor, err error) {
	if split < 0 || split >= 1 || math.IsNaN(split) {
		return nil, nil, nil, nil, fmt.Errorf("models: ValidationSplit must be in [0, 1), got %v", split)
	}
	if split == 0 {
		return x, y, nil, nil, nil
	}
	n := x.Dim(0)
	at := int(math.Floor(float64(n) * (1 - split)))
	if at == 0 || at == n {
		return nil, nil, nil, nil, fmt.Errorf("models: ValidationSplit %v of %d samples leaves an empty training or validation set", split, n)
	}
	return tensor.Rows(x, 0, at), tensor.Rows(y, 0, at), tensor.Rows(x, at, n), tensor.Rows(y, at, n), nil
}
