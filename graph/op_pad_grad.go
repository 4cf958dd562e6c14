package graph

import "github.com/neurite/neurite/tensor"

// padGradOp crops a tensor by the paddings of a Pad: the slice of Pad's
// output that holds its input, which is Pad's gradient.
type padGradOp padOp

func (padGradOp) Type() string { return "PadGrad" }

func (p padGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	out, err := padShape(p.pads, s[0], -1)
	return d[0], out, err
}

func (p padGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	padCompute(p.pads, out, in[0], true)
}

// Gradient: cropping is linear and its adjoint is the padding again.
func (p padGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{Pad(g, p.pads)}, nil
}
