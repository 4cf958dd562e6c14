package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// sigmoidOp is the logistic function elementwise.
type sigmoidOp struct{}

// Sigmoid returns 1/(1+exp(-x)) elementwise for a float tensor x, computed
// without overflow (Sigmoid of -1000 is 0, of 1000 is 1).
func Sigmoid(x *Node) *Node { return graphOf(x).AddNode(sigmoidOp{}, "", x) }

func (sigmoidOp) Type() string { return "Sigmoid" }

func (sigmoidOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (sigmoidOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SigmoidInto(out, in[0]) }

// Gradient: dσ(x)/dx = σ(x)(1 - σ(x)), computed from the output y by the
// fused op sigmoidGrad(y, dy) = dy·y·(1 - y).
func (sigmoidOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{sigmoidGrad(n, dy)}, nil
}

// sigmoidGradOp is dy·y·(1 - y), the gradient of Sigmoid from its output y.
// It is a fused kernel for speed, since it runs in the backward pass of
// every sigmoid layer: one pass over y and dy, where
// Mul(dy, Mul(y, Sub(1, y))) would take three passes and two temporaries.
type sigmoidGradOp struct{}

func sigmoidGrad(y, dy *Node) *Node {
	return graphOf(y, dy).AddNode(sigmoidGradOp{}, "SigmoidGrad", y, dy)
}

func (sigmoidGradOp) Type() string { return "SigmoidGrad" }

func (sigmoidGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (sigmoidGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		ew3Run(d, in[0].Float32s(), in[1].Float32s(), 0, sigmoidGradLoop[float32])
	case []float64:
		ew3Run(d, in[0].Float64s(), in[1].Float64s(), 0, sigmoidGradLoop[float64])
	}
}

// sigmoidGradLoop computes d[i] = (dy[i]·y[i])·(1 − y[i]) with the
// vectorised kernel.
func sigmoidGradLoop[T tensor.Float](d, y, dy []T, _ T) { kernels.SigmoidGrad(d, y, dy) }

// Gradient: for z = dy·y·(1 - y) and upstream g, dz/dy = g·dy·(1 - 2y) and
// dz/d(dy) = g·y·(1 - y) = sigmoidGrad(y, g).
func (sigmoidGradOp) Gradient(n, g *Node) ([]*Node, error) {
	y, dy := n.inputs[0], n.inputs[1]
	oneMinus2y := Add(y.g.scalarOf(1, y.dtype), Mul(y, y.g.scalarOf(-2, y.dtype)))
	return []*Node{Mul(Mul(g, dy), oneMinus2y), sigmoidGrad(y, g)}, nil
}
