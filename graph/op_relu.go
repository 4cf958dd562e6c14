package graph

import (
	"github.com/neurite/neurite/internal/kernels"
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
// x = 0, as in TensorFlow), applied by the fused op reluGrad(y, dy). It
// reads the output y = relu(x) rather than x, since y > 0 exactly where
// x > 0 (NaN included: both are NaN and neither is > 0); so the backward
// pass does not need x, which lets the executor fuse x away (MatMul, bias
// add and Relu in one step, see fuse.go).
func (reluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reluGrad(0, n, dy)}, nil
}

// reluGradOp is dy where x > 0 and alpha·dy elsewhere: the gradient of
// Relu (alpha 0) and of LeakyRelu. It is a fused kernel for speed, since it
// runs in the backward pass of every Relu layer: one pass over x and dy,
// where Where(Greater(x, 0), dy, Mul(dy, alpha)) would take three passes
// and two temporaries.
type reluGradOp struct{ alpha float64 }

// reluGrad returns dy·(x > 0 ? 1 : alpha). For Relu (alpha 0), x may be
// the Relu's input or its output.
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
		ew3Run(d, in[0].Float32s(), in[1].Float32s(), float32(o.alpha), reluGradLoop32)
	case []float64:
		ew3Run(d, in[0].Float64s(), in[1].Float64s(), o.alpha, reluGradLoop64)
	}
}

// reluGradLoop32 sets d[i] to dy[i] where x[i] > 0 and alpha·dy[i]
// elsewhere, with the vectorised kernel (a branch-free select).
func reluGradLoop32(d, x, dy []float32, alpha float32) { kernels.ReluGrad(d, x, dy, alpha) }

// reluGradLoop64 is reluGradLoop32 for float64.
func reluGradLoop64(d, x, dy []float64, alpha float64) { kernels.ReluGrad(d, x, dy, alpha) }

// Gradient: the mask does not change with x almost everywhere, so x gets
// no gradient; z is linear in dy, so dz/d(dy) is the same mask applied to
// the upstream g.
func (o reluGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{nil, reluGrad(o.alpha, n.inputs[0], g)}, nil
}
