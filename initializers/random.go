package initializers

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Keras's defaults for the random initializers.
const (
	defaultMinval = -0.05
	defaultMaxval = 0.05
	defaultStddev = 0.05
)

// RandomUniform draws from the uniform distribution on [Minval, Maxval),
// Keras's RandomUniform(minval=-0.05, maxval=0.05). The zero value (both
// bounds 0) means Keras's defaults −0.05 and 0.05; if either bound is set,
// both are taken as given (use Constant for a fixed value). Maxval < Minval
// or a non-finite bound is an error.
type RandomUniform struct {
	Minval, Maxval float64
}

// Init implements Initializer.
func (u RandomUniform) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	lo, hi := u.Minval, u.Maxval
	if lo == 0 && hi == 0 {
		lo, hi = defaultMinval, defaultMaxval
	}
	if !finite(lo) || !finite(hi) || hi < lo {
		return nil, fmt.Errorf("initializer RandomUniform: need finite minval <= maxval, got minval=%g, maxval=%g", lo, hi)
	}
	if err := checkRandom("RandomUniform", rng, dtype, shape); err != nil {
		return nil, err
	}
	return rng.Uniform(dtype, lo, hi, shape...), nil
}

// RandomNormal draws from the normal distribution with mean Mean and
// standard deviation Stddev, Keras's RandomNormal(mean=0.0, stddev=0.05).
// Stddev 0 (the zero value) means Keras's default 0.05; a negative or
// non-finite Stddev, or a non-finite Mean, is an error.
type RandomNormal struct {
	Mean, Stddev float64
}

// Init implements Initializer.
func (n RandomNormal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	stddev, err := normalParams("RandomNormal", n.Mean, n.Stddev)
	if err != nil {
		return nil, err
	}
	if err := checkRandom("RandomNormal", rng, dtype, shape); err != nil {
		return nil, err
	}
	return rng.Normal(dtype, n.Mean, stddev, shape...), nil
}

// TruncatedNormal draws from the normal distribution with mean Mean and
// standard deviation Stddev, redrawing values more than two standard
// deviations from the mean, Keras's TruncatedNormal(mean=0.0,
// stddev=0.05). Stddev 0 (the zero value) means Keras's default 0.05; a
// negative or non-finite Stddev, or a non-finite Mean, is an error.
type TruncatedNormal struct {
	Mean, Stddev float64
}

// Init implements Initializer.
func (n TruncatedNormal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	stddev, err := normalParams("TruncatedNormal", n.Mean, n.Stddev)
	if err != nil {
		return nil, err
	}
	if err := checkRandom("TruncatedNormal", rng, dtype, shape); err != nil {
		return nil, err
	}
	return rng.TruncatedNormal(dtype, n.Mean, stddev, shape...), nil
}

// normalParams validates a normal's mean and stddev and applies the
// default stddev.
func normalParams(name string, mean, stddev float64) (float64, error) {
	if stddev == 0 {
		stddev = defaultStddev
	}
	if !finite(mean) || !finite(stddev) || stddev < 0 {
		return 0, fmt.Errorf("initializer %s: need a finite mean and a finite stddev >= 0, got mean=%g, stddev=%g", name, mean, stddev)
	}
	return stddev, nil
}
