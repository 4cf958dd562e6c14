package initializers

import "github.com/neurite/neurite/tensor"

// GlorotUniform draws from the uniform distribution on [−limit, limit) with
// limit = sqrt(6/(fan_in+fan_out)), Keras's glorot_uniform (Xavier uniform;
// VarianceScaling with scale 1, mode "fan_avg", distribution "uniform").
// It is the default kernel initializer of Dense.
type GlorotUniform struct{}

// Init implements Initializer.
func (GlorotUniform) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 1, Mode: "fan_avg", Distribution: "uniform"}.init("GlorotUniform", rng, dtype, shape)
}

// GlorotNormal draws from a normal with mean 0 and stddev
// sqrt(2/(fan_in+fan_out))/0.87962566103423978 truncated to two standard
// deviations, Keras's glorot_normal (Xavier normal; VarianceScaling with
// scale 1, mode "fan_avg", distribution "truncated_normal").
type GlorotNormal struct{}

// Init implements Initializer.
func (GlorotNormal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return VarianceScaling{Scale: 1, Mode: "fan_avg", Distribution: "truncated_normal"}.init("GlorotNormal", rng, dtype, shape)
}
