package graph

import (
	"fmt"
	"sync"

	"github.com/neurite/neurite/tensor"
)

// Dropout returns x with each element kept with probability 1−rate and
// scaled by 1/(1−rate), or zeroed otherwise: inverted dropout, as Keras's
// Dropout layer in training and tf.nn.dropout compute it (an element is
// kept when its uniform draw u in [0, 1) satisfies u >= rate). The expected
// value of every element is unchanged.
//
// The random mask (0 or 1/(1−rate) in x's dtype, a fresh one on every Run)
// is a node of its own, the second input of the returned node, which
// multiplies it with x; the gradient with respect to x is therefore exactly
// dy times the mask used in the forward pass, and a test may feed the mask
// node to fix it. The mask's random stream starts from seed, so a graph
// built with the same seed draws the same sequence of masks; runs made
// concurrently draw from that stream in an unspecified order.
//
// rate must lie in [0, 1); any other rate is a building error that sticks
// to the graph. With rate 0, Dropout returns x itself.
func Dropout(x *Node, rate float64, seed uint64) *Node {
	if rate == 0 {
		return x
	}
	mask := dropoutMask(x, rate, seed)
	return graphOf(x, mask).AddNode(mulOp{}, "Dropout", x, mask)
}

// dropoutMaskOp draws an inverted-dropout mask in the shape and dtype of its
// input: each element is 1/(1−rate) with probability 1−rate, else 0.
// Sessions may call Compute from concurrent runs, so the random stream is
// guarded by a mutex.
type dropoutMaskOp struct {
	rate float64

	mu  sync.Mutex
	rng *tensor.RNG
}

// dropoutMask adds a mask node for x (see dropoutMaskOp).
func dropoutMask(x *Node, rate float64, seed uint64) *Node {
	return graphOf(x).AddNode(&dropoutMaskOp{rate: rate, rng: tensor.NewRNG(seed)}, "DropoutMask", x)
}

func (*dropoutMaskOp) Type() string { return "DropoutMask" }

func (m *dropoutMaskOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !(m.rate >= 0 && m.rate < 1) {
		return 0, nil, fmt.Errorf("rate must be in [0, 1), got %g", m.rate)
	}
	return inferUnaryFloat(d, s)
}

func (m *dropoutMaskOp) Compute(out *tensor.Tensor, _ []*tensor.Tensor) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch d := out.Raw().(type) {
	case []float32:
		fillDropoutMask(m.rng, d, m.rate)
	case []float64:
		fillDropoutMask(m.rng, d, m.rate)
	}
}

// fillDropoutMask sets each element of d to 1/(1−rate) where a uniform draw
// u satisfies u >= rate, and to 0 elsewhere.
func fillDropoutMask[T float32 | float64](rng *tensor.RNG, d []T, rate float64) {
	scale := T(1 / (1 - rate))
	for i := range d {
		if rng.Float64() >= rate {
			d[i] = scale
		} else {
			d[i] = 0
		}
	}
}

// Gradient: the mask does not depend on x's values.
func (*dropoutMaskOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil}, nil }
