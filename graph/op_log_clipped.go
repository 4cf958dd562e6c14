package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// logClippedOp is log(clip(p, eps, 1 - eps)).
type logClippedOp struct{ eps float64 }

// LogClipped returns log(clip(p, eps, 1 - eps)) elementwise for a float
// tensor p of probabilities: Keras's clipped logarithm in crossentropy on
// probabilities, which keeps log(0) finite. The bounds are eps and 1 - eps
// computed in p's dtype, as Keras does. eps must lie in [0, 0.5]. The
// gradient is dy/p where eps <= p <= 1 - eps and 0 outside.
func LogClipped(p *Node, eps float64) *Node {
	return graphOf(p).AddNode(logClippedOp{eps: eps}, "", p)
}

func (logClippedOp) Type() string { return "LogClipped" }

func (o logClippedOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !(o.eps >= 0 && o.eps <= 0.5) {
		return 0, nil, fmt.Errorf("eps must lie in [0, 0.5], got %v", o.eps)
	}
	return inferUnaryFloat(d, s)
}

func (o logClippedOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		logClippedRun(false, d, in[0].Float32s(), nil, float32(o.eps))
	case []float64:
		logClippedRun(false, d, in[0].Float64s(), nil, o.eps)
	}
}

// Gradient: d log(clip(p))/dp is 1/p inside [eps, 1 - eps] and 0 outside,
// applied by the fused op logClippedGrad(p, dy).
func (o logClippedOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{logClippedGrad(o.eps, n.inputs[0], dy)}, nil
}

// logClippedGradOp is dy/p where eps <= p <= 1 - eps and 0 outside. It is
// a fused kernel: one pass over p and dy, with the bounds computed in p's
// dtype as in the forward op, where a Where of comparisons and a Div would
// take several passes and temporaries.
type logClippedGradOp struct{ eps float64 }

func logClippedGrad(eps float64, p, dy *Node) *Node {
	return graphOf(p, dy).AddNode(logClippedGradOp{eps: eps}, "LogClippedGrad", p, dy)
}

func (logClippedGradOp) Type() string { return "LogClippedGrad" }

func (logClippedGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (o logClippedGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		logClippedRun(true, d, in[0].Float32s(), in[1].Float32s(), float32(o.eps))
	case []float64:
		logClippedRun(true, d, in[0].Float64s(), in[1].Float64s(), o.eps)
	}
}

// Gradient: z = m·dy/p with the mask m, so for upstream g,
// dz/dp = -m·g·dy/p², which is -logClippedGrad(p, logClippedGrad(p, g·dy)),
// and dz/d(dy) = logClippedGrad(p, g).
func (o logClippedGradOp) Gradient(n, g *Node) ([]*Node, error) {
	p, dy := n.inputs[0], n.inputs[1]
	return []*Node{
		Neg(logClippedGrad(o.eps, p, logClippedGrad(o.eps, p, Mul(g, dy)))),
		logClippedGrad(o.eps, p, g),
	}, nil
}

// logClippedRun writes log(clip(p, eps, 1 - eps)) (grad false) or the
// masked dy/p (grad true) into d; the bounds are computed in T.
func logClippedRun[T tensor.Float](grad bool, d, p, dy []T, eps T) {
	lo, hi := eps, 1-eps
	if len(d) < 2*actGrain {
		logClippedLoop(grad, d, p, dy, lo, hi)
		return
	}
	parallel.ForCached(&logClippedTasks, len(d), actGrain, logClippedTask[T]{grad: grad, d: d, p: p, dy: dy, lo: lo, hi: hi})
}

// logClippedTask is the parallel loop of logClippedRun.
type logClippedTask[T tensor.Float] struct {
	grad     bool
	d, p, dy []T
	lo, hi   T
}

func (t *logClippedTask[T]) Run(a, b int) {
	var dyc []T
	if t.grad {
		dyc = t.dy[a:b]
	}
	logClippedLoop(t.grad, t.d[a:b], t.p[a:b], dyc, t.lo, t.hi)
}

var logClippedTasks parallel.TaskCache

func logClippedLoop[T tensor.Float](grad bool, d, p, dy []T, lo, hi T) {
	p = p[:len(d)]
	if !grad {
		for i, v := range p {
			d[i] = T(math.Log(float64(min(max(v, lo), hi))))
		}
		return
	}
	dy = dy[:len(d)]
	for i, v := range p {
		if v < lo || v > hi {
			d[i] = 0
		} else {
			d[i] = dy[i] / v
		}
	}
}
