package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// tanhOp is the hyperbolic tangent elementwise.
type tanhOp struct{}

// Tanh returns tanh(x) elementwise for a float tensor x.
func Tanh(x *Node) *Node { return graphOf(x).AddNode(tanhOp{}, "", x) }

func (tanhOp) Type() string { return "Tanh" }

func (tanhOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (tanhOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.TanhInto(out, in[0]) }

// Gradient: d tanh(x)/dx = 1 - tanh(x)², computed from the output y by the
// fused op tanhGrad(y, dy) = dy·(1 - y²).
func (tanhOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{tanhGrad(n, dy)}, nil
}

// tanhGradOp is dy·(1 - y²), the gradient of Tanh from its output y. It is
// a fused kernel for speed, since it runs in the backward pass of every
// tanh layer: one pass over y and dy, where Mul(dy, Sub(1, Square(y)))
// would take three passes and two temporaries.
type tanhGradOp struct{}

func tanhGrad(y, dy *Node) *Node { return graphOf(y, dy).AddNode(tanhGradOp{}, "TanhGrad", y, dy) }

func (tanhGradOp) Type() string { return "TanhGrad" }

func (tanhGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (tanhGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		ew3Run(d, in[0].Float32s(), in[1].Float32s(), 0, tanhGradLoop[float32])
	case []float64:
		ew3Run(d, in[0].Float64s(), in[1].Float64s(), 0, tanhGradLoop[float64])
	}
}

// tanhGradLoop computes d[i] = dy[i]·(1 − y[i]²) with the vectorised
// kernel.
func tanhGradLoop[T tensor.Float](d, y, dy []T, _ T) { kernels.TanhGrad(d, y, dy) }

// Gradient: for z = dy·(1 - y²) and upstream g, dz/dy = -2·y·dy·g and
// dz/d(dy) = g·(1 - y²) = tanhGrad(y, g).
func (tanhGradOp) Gradient(n, g *Node) ([]*Node, error) {
	y, dy := n.inputs[0], n.inputs[1]
	return []*Node{
		Mul(Mul(g, dy), Mul(y, y.g.scalarOf(-2, y.dtype))),
		tanhGrad(y, g),
	}, nil
}
