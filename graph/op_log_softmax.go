package graph

import "github.com/neurite/neurite/tensor"

// logSoftmaxOp is x - log(sum(exp(x))) along an axis.
type logSoftmaxOp struct{ axis int }

// LogSoftmax returns the logarithm of [Softmax](x, axis), computed directly
// as x - max - log(sum(exp(x - max))) so that it stays finite where the
// softmax underflows: the log-softmax of [1000, 0] is [0, -1000].
func LogSoftmax(x *Node, axis int) *Node {
	return graphOf(x).AddNode(logSoftmaxOp{axis: axis}, "", x)
}

func (logSoftmaxOp) Type() string { return "LogSoftmax" }

func (o logSoftmaxOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return actInferAxis(o.axis, d, s, 1)
}

func (o logSoftmaxOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.LogSoftmaxInto(out, in[0], o.axis)
}

// Gradient: with y = log_softmax(x), dy_i/dx_k = δ_ik - softmax(x)_k, so
// the gradient is dy - exp(y)·sum(dy, axis), computed by the fused op
// logSoftmaxGrad(y, dy).
func (o logSoftmaxOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{logSoftmaxGrad(o.axis, n, dy)}, nil
}

// logSoftmaxGradOp is dy - exp(y)·sum(dy, axis, keepdims), the gradient of
// LogSoftmax from its output y. It is a fused kernel for speed, sharing
// softmaxGrad's (actAxisCompute): one kernel that accumulates in float64
// and needs no temporaries, where Sum(keepDims), Exp, Mul and Sub would
// take four passes and three temporaries. Its own gradient is composed
// from public ops.
type logSoftmaxGradOp struct{ axis int }

func logSoftmaxGrad(axis int, y, dy *Node) *Node {
	return graphOf(y, dy).AddNode(logSoftmaxGradOp{axis: axis}, "LogSoftmaxGrad", y, dy)
}

func (logSoftmaxGradOp) Type() string { return "LogSoftmaxGrad" }

func (o logSoftmaxGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return actInferAxis(o.axis, d, s, 2)
}

func (o logSoftmaxGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actAxisCompute(true, o.axis, out, in[0], in[1])
}

// Gradient: for z = dy - p·sum(dy) with p = exp(y) and upstream g,
// dz/dy = -g·p·sum(dy) and dz/d(dy) = g - sum(g·p), built from public ops
// so that it can be differentiated again.
func (o logSoftmaxGradOp) Gradient(n, g *Node) ([]*Node, error) {
	y, dy := n.inputs[0], n.inputs[1]
	axes := []int{o.axis}
	gp := Mul(g, Exp(y))
	return []*Node{
		Neg(Mul(gp, Sum(dy, axes, true))),
		Sub(g, Sum(gp, axes, true)),
	}, nil
}
