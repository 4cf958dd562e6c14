package initializers

import "github.com/neurite/neurite/tensor"

// computeFans returns the fan-in and fan-out of a weight of the given
// shape, as Keras's _compute_fans: a scalar has fans 1 and 1; a vector of
// n has fans n and n; a (in, out) kernel has fans in and out; a
// convolution kernel (…, in, out) has fans in·rf and out·rf, where the
// receptive field rf is the product of all dimensions but the last two.
func computeFans(shape tensor.Shape) (fanIn, fanOut int) {
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return shape[0], shape[0]
	case 2:
		return shape[0], shape[1]
	}
	rf := 1
	for _, d := range shape[:len(shape)-2] {
		rf *= d
	}
	return shape[len(shape)-2] * rf, shape[len(shape)-1] * rf
}
