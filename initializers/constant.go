package initializers

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Zeros fills weights with 0, Keras's zeros. It is the default bias
// initializer of Dense. It works for every dtype and ignores rng.
type Zeros struct{}

// Init implements Initializer.
func (Zeros) Init(_ *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return constant("Zeros", 0, dtype, shape)
}

// Ones fills weights with 1, Keras's ones. It works for every dtype and
// ignores rng.
type Ones struct{}

// Init implements Initializer.
func (Ones) Init(_ *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return constant("Ones", 1, dtype, shape)
}

// Constant fills weights with Value, Keras's Constant(value=0) (the zero
// value fills with 0, as Keras's default). Value is converted to the
// weight's dtype; a non-finite Value is an error. It ignores rng.
type Constant struct {
	Value float64
}

// Init implements Initializer.
func (c Constant) Init(_ *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	if !finite(c.Value) {
		return nil, fmt.Errorf("initializer Constant: value must be finite, got %g", c.Value)
	}
	return constant("Constant", c.Value, dtype, shape)
}

// constant returns a tensor of dtype and shape filled with v.
func constant(name string, v float64, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	if !dtype.Valid() {
		return nil, fmt.Errorf("initializer %s: invalid dtype %v", name, dtype)
	}
	if err := checkShape(name, shape); err != nil {
		return nil, err
	}
	t := tensor.New(dtype, shape...)
	if v != 0 {
		t.Fill(v)
	}
	return t, nil
}
