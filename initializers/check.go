package initializers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// checkShape returns an error naming the initializer if shape has a
// negative dimension.
func checkShape(name string, shape tensor.Shape) error {
	for _, d := range shape {
		if d < 0 {
			return fmt.Errorf("initializer %s: invalid shape %v: negative dimension", name, shape)
		}
	}
	return nil
}

// checkFloat returns an error naming the initializer unless dtype is a
// float dtype (random initializers draw floats).
func checkFloat(name string, dtype tensor.DType) error {
	if !dtype.IsFloat() {
		return fmt.Errorf("initializer %s: dtype must be float32 or float64, got %v", name, dtype)
	}
	return nil
}

// checkRandom checks the arguments of a random initializer: a generator, a
// float dtype and a valid shape.
func checkRandom(name string, rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) error {
	if rng == nil {
		return fmt.Errorf("initializer %s: the random generator is nil", name)
	}
	if err := checkFloat(name, dtype); err != nil {
		return err
	}
	return checkShape(name, shape)
}

// finite reports whether v is neither infinite nor NaN.
func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }
