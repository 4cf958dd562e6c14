package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// The random ops (Dropout's mask, RandomUniformLike) hold no random state.
// Each takes a seed, fixed when the graph is built, and a step: an int64
// scalar node, typically a variable that the training step increments.
// The draw of a Run is a pure function of (seed, step, element index):
// element i of the draw is SplitMix64's output at position i+1 of the
// stream that starts from the key streamKey(seed, step). A draw therefore
// needs no lock, can be computed for any element in any order, and a
// checkpoint that holds the step counter resumes the draws exactly.

// splitmixGamma is SplitMix64's increment, 2⁶⁴ divided by the golden ratio.
const splitmixGamma = 0x9e3779b97f4a7c15

// mix64 is SplitMix64's output function (Stafford's Mix13 variant).
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// streamKey returns the starting state of the draw made at step of the
// stream seeded with seed.
func streamKey(seed uint64, step int64) uint64 {
	return mix64(mix64(seed+splitmixGamma) ^ uint64(step)*0xd1b54a32d192ed03)
}

// counterBits returns the 64 random bits of element i of the draw whose
// key is key: SplitMix64's output after i+1 steps from state key.
func counterBits(key uint64, i int) uint64 {
	return mix64(key + uint64(i+1)*splitmixGamma)
}

// unitFloat maps 64 random bits to a float64 in [0, 1) with 53 bits.
func unitFloat(bits uint64) float64 {
	return float64(bits>>11) * 0x1p-53
}

// checkStep is the shape rule of a random op's step input: an int64
// scalar.
func checkStep(d tensor.DType, s tensor.Shape) error {
	if d != tensor.Int64 || s.Rank() != 0 {
		return fmt.Errorf("the step must be an int64 scalar, got %v %s", d, formatShape(s))
	}
	return nil
}

// stepValue reads the step input of a random op.
func stepValue(t *tensor.Tensor) int64 { return t.Int64s()[0] }
