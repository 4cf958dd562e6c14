package graph

import "github.com/neurite/neurite/tensor"

// sqrtOp is the elementwise square root.
type sqrtOp struct{}

// Sqrt returns the square root of x elementwise (float dtypes only);
// negative elements give NaN.
func Sqrt(x *Node) *Node { return graphOf(x).AddNode(sqrtOp{}, "", x) }

func (sqrtOp) Type() string { return "Sqrt" }

func (sqrtOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (sqrtOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.SqrtInto(out, in[0]) }

// Gradient: d√x/dx = 1/(2√x), computed from the output. It is +Inf at x = 0.
func (sqrtOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Div(Mul(dy, n.g.scalarOf(0.5, n.dtype)), n)}, nil
}
