package initializers

import "github.com/neurite/neurite/tensor"

// HeUniform draws from the uniform distribution on [−limit, limit) with
// limit = sqrt(6/fan_in), Keras's he_uniform (VarianceScaling with scale 2,
// mode "fan_in", distribution "uniform"). It suits ReLU layers.
type HeUniform struct{}

// Init implements Initializer.
func (HeUniform) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 2, Mode: "fan_in", Distribution: "uniform"}.init("HeUniform", rng, dtype, shape)
}

// HeNormal draws from a normal with mean 0 and stddev
// sqrt(2/fan_in)/0.87962566103423978 truncated to two standard deviations,
// Keras's he_normal (VarianceScaling with scale 2, mode "fan_in",
// distribution "truncated_normal").
type HeNormal struct{}

// Init implements Initializer.
func (HeNormal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 2, Mode: "fan_in", Distribution: "truncated_normal"}.init("HeNormal", rng, dtype, shape)
}
