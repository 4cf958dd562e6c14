// Package initializers sets the starting values of layer weights, with
// Keras's initializers and their defaults (Dense kernels use GlorotUniform,
// biases Zeros).
package initializers

import "github.com/neurite/neurite/tensor"

// Initializer makes the initial value of a weight of the given dtype and
// shape, drawing random numbers from rng. Fans are computed from the shape
// as Keras does: for a (in, out) kernel, fanIn = in and fanOut = out.
type Initializer interface {
	Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error)
}
