package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// reluOp is max(x, 0) elementwise.
type reluOp struct{}

// Relu returns max(x, 0) elementwise. It accepts every dtype; NaN stays
// NaN.
func Relu(x *Node) *Node { return graphOf(x).AddNode(reluOp{}, "", x) }

func (reluOp) Type() string { return "Relu" }

func (reluOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnary(d, s)
}

func (reluOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ReluInto(out, in[0]) }

// Gradient: d relu(x)/dx is 1 where x > 0 and 0 elsewhere (0 at the kink
// x = 0, as in TensorFlow), applied by the fused op reluGrad(x, dy).
func (reluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reluGrad(0, n.inputs[0], dy)}, nil
}

// reluGradOp is dy where x > 0 and alpha·dy elsewhere: the gradient of
// Relu (alpha 0) and of LeakyRelu. It is a fused kernel for speed, since it
// runs in the backward pass of every Relu layer: one pass over x and dy,
// where Where(Greater(x, 0), dy, Mul(dy, alpha)) would take three passes
// and two temporaries.
type reluGradOp struct{ alpha float64 }

// reluGrad returns dy·(x > 0 ? 1 : alpha).
func reluGrad(alpha float64, x, dy *Node) *Node {
	return graphOf(x, dy).AddNode(reluGradOp{alpha: alpha}, "", x, dy)
}

func (o reluGradOp) Type() string {
	if o.alpha == 0 {
		return "ReluGrad"
	}
	return "LeakyReluGrad"
}

func (reluGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (o reluGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		reluGradRun(d, in[0].Float32s(), in[1].Float32s(), float32(o.alpha))
	case []float64:
		reluGradRun(d, in[0].Float64s(), in[1].Float64s(), o.alpha)
	}
}

func reluGradRun[T tensor.Float](d, x, dy []T, alpha T) {
	if len(d) < 2*actGrain {
		reluGradLoop(d, x, dy, alpha)
		return
	}
	parallel.For(len(d), actGrain, func(lo, hi int) { reluGradLoop(d[lo:hi], x[lo:hi], dy[lo:hi], alpha) })
}

// reluGradLoop computes d[i] = dy[i] where x[i] > 0, alpha·dy[i]
// elsewhere, with the vectorised kernel.
func reluGradLoop[T tensor.Float](d, x, dy []T, alpha T) { kernels.ReluGrad(d, x, dy, alpha) }

// Gradient: the mask does not change with x almost everywhere, so x gets
// no gradient; z is linear in dy, so dz/d(dy) is the same mask applied to
// the upstream g.
func (o reluGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{nil, reluGrad(o.alpha, n.inputs[0], g)}, nil
}
