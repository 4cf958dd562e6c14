package graph

import "github.com/neurite/neurite/tensor"

// The constants of the scaled exponential linear unit (Klambauer et al.,
// 2017), as in Keras.
const (
	seluAlpha = 1.6732632423543772
	seluScale = 1.0507009873554805
)

// seluOp is the scaled exponential linear unit.
type seluOp struct{}

// Selu returns scale·x where x > 0 and scale·alpha·(exp(x) - 1) elsewhere,
// elementwise for a float tensor x, with Keras's constants
// alpha = 1.6732632423543772 and scale = 1.0507009873554805.
func Selu(x *Node) *Node { return graphOf(x).AddNode(seluOp{}, "", x) }

func (seluOp) Type() string { return "Selu" }

func (seluOp) fn() actFn { return actFn{kind: actElu, alpha: seluAlpha, scale: seluScale} }

func (seluOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUnaryFloat(d, s)
}

func (o seluOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { actMap(o.fn(), out, in[0]) }

// Gradient: d selu(x)/dx is scale where x > 0 and scale·alpha·exp(x)
// elsewhere, applied by the fused op actGrad (SeluGrad).
func (o seluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{actGrad(o.fn(), 1, n.inputs[0], dy)}, nil
}
