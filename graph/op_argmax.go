package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// argMaxOp gives the index of the largest (with min set, the smallest)
// element along an axis.
type argMaxOp struct {
	axis int
	min  bool
}

// ArgMax returns the Int64 indices of the largest elements of x along axis
// (negative counts from the end), which is removed from the result; ties
// give the first index, like numpy.argmax. It has no gradient.
func ArgMax(x *Node, axis int) *Node {
	return graphOf(x).AddNode(argMaxOp{axis: axis}, "ArgMax", x)
}

// ArgMin returns the Int64 indices of the smallest elements of x along
// axis; it is otherwise as [ArgMax].
func ArgMin(x *Node, axis int) *Node {
	return graphOf(x).AddNode(argMaxOp{axis: axis, min: true}, "ArgMin", x)
}

func (o argMaxOp) Type() string {
	if o.min {
		return "ArgMin"
	}
	return "ArgMax"
}

func (o argMaxOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	a, err := normAxis(o.axis, len(s[0]))
	if err != nil {
		return 0, nil, err
	}
	if s[0][a] == 0 {
		return 0, nil, fmt.Errorf("cannot reduce over axis %d of size 0", o.axis)
	}
	return tensor.Int64, redShape(s[0], []int{a}, false), nil
}

func (o argMaxOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.min {
		tensor.ArgMinInto(out, in[0], o.axis, false)
	} else {
		tensor.ArgMaxInto(out, in[0], o.axis, false)
	}
}

// Gradient: an index is not a differentiable function of the values.
func (o argMaxOp) Gradient(n, dy *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: %s returns integer indices", ErrNoGradient, o.Type())
}
