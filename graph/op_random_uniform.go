package graph

import (
	"fmt"
	"math"
	"sync"

	"github.com/neurite/neurite/tensor"
)

// RandomUniformLike returns a tensor of x's shape and float dtype whose
// elements are drawn uniformly from [lo, hi), fresh on every Run; x gives
// only its shape (it may have an Unknown batch). The random stream starts
// from seed, as Dropout's masks do: a graph built with the same seed draws
// the same sequence, and runs made concurrently draw from it in an
// unspecified order. Bounds that are not finite with lo <= hi are a graph
// error. The result gets no gradient.
func RandomUniformLike(x *Node, lo, hi float64, seed uint64) *Node {
	return graphOf(x).AddNode(&randomUniformOp{lo: lo, hi: hi, rng: tensor.NewRNG(seed)}, "RandomUniform", x)
}

// randomUniformOp draws uniform values in the shape and dtype of its
// input. Sessions may call Compute from concurrent runs, so the random
// stream is guarded by a mutex.
type randomUniformOp struct {
	lo, hi float64

	mu  sync.Mutex
	rng *tensor.RNG
}

func (*randomUniformOp) Type() string { return "RandomUniform" }

func (o *randomUniformOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !(o.lo <= o.hi) || math.IsInf(o.lo, 0) || math.IsInf(o.hi, 0) {
		return 0, nil, fmt.Errorf("bounds must be finite with lo <= hi, got [%g, %g)", o.lo, o.hi)
	}
	return inferUnaryFloat(d, s)
}

func (o *randomUniformOp) Compute(out *tensor.Tensor, _ []*tensor.Tensor) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch d := out.Raw().(type) {
	case []float32:
		fillUniform(o.rng, d, o.lo, o.hi)
	case []float64:
		fillUniform(o.rng, d, o.lo, o.hi)
	}
}

// fillUniform sets each element of d to a uniform draw in [lo, hi),
// drawing again the rare value that rounds up to hi in T.
func fillUniform[T float32 | float64](rng *tensor.RNG, d []T, lo, hi float64) {
	for i := range d {
		v := T(lo + (hi-lo)*rng.Float64())
		for v == T(hi) && lo < hi {
			v = T(lo + (hi-lo)*rng.Float64())
		}
		d[i] = v
	}
}

// Gradient: the values do not depend on x's.
func (*randomUniformOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil}, nil }
