package initializers

import "github.com/neurite/neurite/tensor"

// LecunUniform draws from the uniform distribution on [−limit, limit) with
// limit = sqrt(3/fan_in), Keras's lecun_uniform (VarianceScaling with
// scale 1, mode "fan_in", distribution "uniform").
type LecunUniform struct{}

// Init implements Initializer.
func (LecunUniform) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 1, Mode: "fan_in", Distribution: "uniform"}.init("LecunUniform", rng, dtype, shape)
}

// LecunNormal draws from a normal with mean 0 and stddev
// sqrt(1/fan_in)/0.87962566103423978 truncated to two standard deviations,
// Keras's lecun_normal (VarianceScaling with scale 1, mode "fan_in",
// distribution "truncated_normal"). It suits SELU layers.
type LecunNormal struct{}

// Init implements Initializer.
func (LecunNormal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 1, Mode: "fan_in", Distribution: "truncated_normal"}.init("LecunNormal", rng, dtype, shape)
}
