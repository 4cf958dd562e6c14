package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// clipOp limits every element to [lo, hi].
type clipOp struct{ lo, hi float64 }

// Clip returns x with every element limited to [lo, hi] (TensorFlow's
// clip_by_value). It accepts every dtype; for Int64, lo is rounded up and
// hi down. lo must not exceed hi and neither may be NaN; infinite bounds
// clip on one side only. The gradient passes where lo <= x <= hi, bounds
// included, and is 0 where x < lo or x > hi, as in TensorFlow.
func Clip(x *Node, lo, hi float64) *Node {
	return graphOf(x).AddNode(clipOp{lo: lo, hi: hi}, "", x)
}

func (clipOp) Type() string { return "Clip" }

func (o clipOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	if math.IsNaN(o.lo) || math.IsNaN(o.hi) || o.lo > o.hi {
		return 0, nil, fmt.Errorf("bounds [%v, %v] are not an interval", o.lo, o.hi)
	}
	return d[0], s[0], nil
}

func (o clipOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.ClipInto(out, in[0], o.lo, o.hi)
}

// Gradient: 1 where lo <= x <= hi and 0 outside, applied by the fused op
// clipGrad(x, dy).
func (o clipOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{clipGrad(o.lo, o.hi, n.inputs[0], dy)}, nil
}

// clipGradOp is dy where lo <= x <= hi (or x is NaN) and 0 where x < lo or
// x > hi. It is a fused kernel: one pass over x and dy, where a Where of
// two comparisons would take three passes and two temporaries.
type clipGradOp struct{ lo, hi float64 }

func clipGrad(lo, hi float64, x, dy *Node) *Node {
	return graphOf(x, dy).AddNode(clipGradOp{lo: lo, hi: hi}, "ClipGrad", x, dy)
}

func (clipGradOp) Type() string { return "ClipGrad" }

func (clipGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (o clipGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		clipGradRun(d, in[0].Float32s(), in[1].Float32s(), float32(o.lo), float32(o.hi))
	case []float64:
		clipGradRun(d, in[0].Float64s(), in[1].Float64s(), o.lo, o.hi)
	}
}

func clipGradRun[T tensor.Float](d, x, dy []T, lo, hi T) {
	if len(d) < 2*actGrain {
		clipGradLoop(d, x, dy, lo, hi)
		return
	}
	parallel.ForCached(&clipGradTasks, len(d), actGrain, clipGradTask[T]{d: d, x: x, dy: dy, lo: lo, hi: hi})
}

// clipGradTask is the parallel loop of clipGradRun.
type clipGradTask[T tensor.Float] struct {
	d, x, dy []T
	lo, hi   T
}

func (t *clipGradTask[T]) Run(a, b int) { clipGradLoop(t.d[a:b], t.x[a:b], t.dy[a:b], t.lo, t.hi) }

var clipGradTasks parallel.TaskCache

func clipGradLoop[T tensor.Float](d, x, dy []T, lo, hi T) {
	x, dy = x[:len(d)], dy[:len(d)]
	for i, v := range x {
		if v < lo || v > hi {
			d[i] = 0
		} else {
			d[i] = dy[i]
		}
	}
}

// Gradient: the mask is constant in x almost everywhere, and the op is
// linear in dy.
func (o clipGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{nil, clipGrad(o.lo, o.hi, n.inputs[0], g)}, nil
}
