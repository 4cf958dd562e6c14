package initializers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// truncatedNormalStddev is the standard deviation of a standard normal
// truncated to [−2, 2]. Keras divides by it so that a truncated normal
// draw has the variance asked for.
const truncatedNormalStddev = 0.87962566103423978

// VarianceScaling draws weights whose variance is Scale/n, where n is the
// fan chosen by Mode, as Keras's VarianceScaling:
//
//   - Mode "fan_in" (the default), "fan_out" or "fan_avg" ((fan_in+fan_out)/2);
//     n is at least 1;
//   - Distribution "truncated_normal" (the default; "normal" is its alias):
//     a normal with mean 0 and stddev sqrt(Scale/n)/0.87962566103423978,
//     truncated to two standard deviations;
//     "untruncated_normal": a normal with stddev sqrt(Scale/n);
//     "uniform": uniform in [−limit, limit) with limit = sqrt(3·Scale/n).
//
// The zero value is Keras's default VarianceScaling(scale=1.0,
// mode="fan_in", distribution="truncated_normal"): Scale 0 means 1. A
// negative or non-finite Scale, or an unknown Mode or Distribution, is an
// error. Fans are computed from the shape as described on [Initializer].
type VarianceScaling struct {
	Scale        float64
	Mode         string
	Distribution string
}

// Init implements Initializer.
func (v VarianceScaling) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	return v.init("VarianceScaling", rng, dtype, shape)
}

// init draws the weights, naming the initializer name in errors (so that
// GlorotUniform's errors say GlorotUniform).
func (v VarianceScaling) init(name string, rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	scale := v.Scale
	if scale == 0 {
		scale = 1
	}
	if !(scale > 0) || !finite(scale) {
		return nil, fmt.Errorf("initializer %s: scale must be positive and finite, got %g", name, v.Scale)
	}
	if err := checkRandom(name, rng, dtype, shape); err != nil {
		return nil, err
	}
	fanIn, fanOut := computeFans(shape)
	var fan float64
	switch v.Mode {
	case "", "fan_in":
		fan = float64(fanIn)
	case "fan_out":
		fan = float64(fanOut)
	case "fan_avg":
		fan = float64(fanIn+fanOut) / 2
	default:
		return nil, fmt.Errorf("initializer %s: unknown mode %q (want fan_in, fan_out or fan_avg)", name, v.Mode)
	}
	scale /= math.Max(1, fan)
	switch v.Distribution {
	case "", "truncated_normal", "normal":
		return rng.TruncatedNormal(dtype, 0, math.Sqrt(scale)/truncatedNormalStddev, shape...), nil
	case "untruncated_normal":
		return rng.Normal(dtype, 0, math.Sqrt(scale), shape...), nil
	case "uniform":
		limit := math.Sqrt(3 * scale)
		return rng.Uniform(dtype, -limit, limit, shape...), nil
	default:
		return nil, fmt.Errorf("initializer %s: unknown distribution %q (want truncated_normal, untruncated_normal or uniform)", name, v.Distribution)
	}
}
