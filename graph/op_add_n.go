package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// addNOp sums any number of tensors of one shape.
type addNOp struct{}

// AddN returns the elementwise sum of xs, which must share dtype and shape.
// Gradients uses it to add up the gradients reaching a node.
func AddN(xs ...*Node) *Node {
	if len(xs) == 1 {
		return xs[0]
	}
	return graphOf(xs...).AddNode(addNOp{}, "AddN", xs...)
}

func (addNOp) Type() string { return "AddN" }

func (addNOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if len(s) == 0 {
		return 0, nil, fmt.Errorf("needs at least one input")
	}
	dt, err := sameDType(d)
	if err != nil {
		return 0, nil, err
	}
	out := s[0].Clone()
	for _, sh := range s[1:] {
		if !sameStatic(out, sh) {
			return 0, nil, fmt.Errorf("inputs have different shapes %s", formatShapes(s))
		}
		for i := range out {
			if out[i] == Unknown {
				out[i] = sh[i]
			}
		}
	}
	return dt, out, nil
}

func (addNOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.AddInto(out, in[0], in[1])
	for _, x := range in[2:] {
		tensor.AddInto(out, out, x)
	}
}

// Gradient: every input receives dy.
func (addNOp) Gradient(n, dy *Node) ([]*Node, error) {
	gs := make([]*Node, len(n.inputs))
	for i := range gs {
		gs[i] = dy
	}
	return gs, nil
}
