package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// RandomUniformLike returns a tensor of x's shape and float dtype whose
// elements are drawn uniformly from [lo, hi); x gives only its shape (it
// may have an Unknown batch). As Dropout's mask, the draw holds no random
// state: it is a pure function of seed, of the value of step (an int64
// scalar node) in the Run and of the element's index, so Runs with the same
// step draw the same values and a step variable incremented by the
// training step draws fresh ones each step. Bounds that are not finite
// with lo <= hi, or a step that is not an int64 scalar, are a graph error.
// The result gets no gradient.
func RandomUniformLike(x *Node, lo, hi float64, seed uint64, step *Node) *Node {
	return graphOf(x, step).AddNode(randomUniformOp{lo: lo, hi: hi, seed: seed}, "RandomUniform", x, step)
}

// randomUniformOp draws uniform values in the shape and dtype of its first
// input, at the step given by its second.
type randomUniformOp struct {
	lo, hi float64
	seed   uint64
}

func (randomUniformOp) Type() string { return "RandomUniform" }

func (o randomUniformOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !(o.lo <= o.hi) || math.IsInf(o.lo, 0) || math.IsInf(o.hi, 0) {
		return 0, nil, fmt.Errorf("bounds must be finite with lo <= hi, got [%g, %g)", o.lo, o.hi)
	}
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if err := checkStep(d[1], s[1]); err != nil {
		return 0, nil, err
	}
	return inferUnaryFloat(d[:1], s[:1])
}

func (o randomUniformOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	key := streamKey(o.seed, stepValue(in[1]))
	switch d := out.Raw().(type) {
	case []float32:
		fillUniform(key, d, o.lo, o.hi)
	case []float64:
		fillUniform(key, d, o.lo, o.hi)
	}
}

// fillUniform sets each element of d to a uniform draw in [lo, hi),
// rehashing the rare draw that rounds up to hi in T.
func fillUniform[T float32 | float64](key uint64, d []T, lo, hi float64) {
	for i := range d {
		bits := counterBits(key, i)
		v := T(lo + (hi-lo)*unitFloat(bits))
		for v == T(hi) && lo < hi {
			bits = mix64(bits + splitmixGamma)
			v = T(lo + (hi-lo)*unitFloat(bits))
		}
		d[i] = v
	}
}

// Gradient: the values depend on neither x's values nor the step's.
func (randomUniformOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }
