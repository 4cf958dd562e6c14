package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Dropout returns x with each element kept with probability 1−rate and
// scaled by 1/(1−rate), or zeroed otherwise: inverted dropout, as Keras's
// Dropout layer in training and tf.nn.dropout compute it (an element is
// kept when its uniform draw u in [0, 1) satisfies u >= rate). The expected
// value of every element is unchanged.
//
// The random mask (0 or 1/(1−rate) in x's dtype) is a node of its own, the
// second input of the returned node, which multiplies it with x; the
// gradient with respect to x is therefore exactly dy times the mask used in
// the forward pass, and a test may feed the mask node to fix it.
//
// The mask holds no random state: it is a pure function of seed, of the
// value of step (an int64 scalar node) in the Run, and of the element's
// index (see the counter-based generator in counter_rng.go). Runs with the
// same step draw the same mask; a training step that increments a step
// variable draws a fresh mask every step, and restoring that variable
// resumes the sequence of masks exactly.
//
// rate must lie in [0, 1); any other rate, or a step that is not an int64
// scalar, is a building error that sticks to the graph. With rate 0,
// Dropout returns x itself.
func Dropout(x *Node, rate float64, seed uint64, step *Node) *Node {
	if rate == 0 {
		return x
	}
	mask := dropoutMask(x, rate, seed, step)
	return graphOf(x, mask).AddNode(mulOp{}, "Dropout", x, mask)
}

// dropoutMaskOp draws an inverted-dropout mask in the shape and dtype of
// its first input, at the step given by its second: each element is
// 1/(1−rate) with probability 1−rate, else 0.
type dropoutMaskOp struct {
	rate float64
	seed uint64
}

// dropoutMask adds a mask node for x (see dropoutMaskOp).
func dropoutMask(x *Node, rate float64, seed uint64, step *Node) *Node {
	return graphOf(x, step).AddNode(dropoutMaskOp{rate: rate, seed: seed}, "DropoutMask", x, step)
}

func (dropoutMaskOp) Type() string { return "DropoutMask" }

func (m dropoutMaskOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !(m.rate >= 0 && m.rate < 1) {
		return 0, nil, fmt.Errorf("rate must be in [0, 1), got %g", m.rate)
	}
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if err := checkStep(d[1], s[1]); err != nil {
		return 0, nil, err
	}
	return inferUnaryFloat(d[:1], s[:1])
}

func (m dropoutMaskOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	key := streamKey(m.seed, stepValue(in[1]))
	switch d := out.Raw().(type) {
	case []float32:
		fillDropoutMask(key, d, m.rate)
	case []float64:
		fillDropoutMask(key, d, m.rate)
	}
}

// fillDropoutMask sets each element of d to 1/(1−rate) where its uniform
// draw u satisfies u >= rate, and to 0 elsewhere.
func fillDropoutMask[T float32 | float64](key uint64, d []T, rate float64) {
	scale := T(1 / (1 - rate))
	for i := range d {
		if unitFloat(counterBits(key, i)) >= rate {
			d[i] = scale
		} else {
			d[i] = 0
		}
	}
}

// Gradient: the mask depends on neither x's values nor the step's.
func (dropoutMaskOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }
