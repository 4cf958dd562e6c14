package graph

import "github.com/neurite/neurite/tensor"

// logOp is the elementwise natural logarithm.
type logOp struct{}

// Log returns the natural logarithm of x elementwise (float dtypes only):
// Log(0) is -Inf and the log of a negative number is NaN.
func Log(x *Node) *Node { return graphOf(x).AddNode(logOp{}, "", x) }

func (logOp) Type() string { return "Log" }

func (logOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (logOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.LogInto(out, in[0]) }

// Gradient: d(log x)/dx = 1/x.
func (logOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Div(dy, n.inputs[0])}, nil
}
