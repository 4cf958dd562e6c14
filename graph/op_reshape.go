package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// reshapeOp gives its input a new shape with the same elements in the same
// (row-major) order.
type reshapeOp struct{ shape []int }

// Reshape returns x with the given shape, like numpy.reshape. One
// dimension may be -1; it is inferred from x's size. When x has Unknown
// dimensions the -1 dimension is Unknown in the static shape and resolved
// when the graph runs. A shape that cannot hold x's elements is an error.
func Reshape(x *Node, shape ...int) *Node {
	return graphOf(x).AddNode(reshapeOp{shape: slices.Clone(shape)}, "Reshape", x)
}

func (reshapeOp) Type() string { return "Reshape" }

func (o reshapeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	out := tensor.Shape(slices.Clone(o.shape))
	infer, prod := -1, 1
	for i, v := range out {
		switch {
		case v == -1 && infer >= 0:
			return 0, nil, fmt.Errorf("shape %s has more than one -1", formatDims(o.shape))
		case v == -1:
			infer = i
		case v < 0:
			return 0, nil, fmt.Errorf("shape %s has a negative dimension", formatDims(o.shape))
		default:
			prod *= v
		}
	}
	in := s[0]
	known := 1 // product of in's known dimensions
	for _, v := range in {
		if v != Unknown {
			known *= v
		}
	}
	fail := func() error {
		return fmt.Errorf("cannot reshape %s into %s", formatShape(in), formatDims(o.shape))
	}
	switch {
	case isKnown(in) && infer >= 0:
		if prod == 0 || known%prod != 0 {
			return 0, nil, fail()
		}
		out[infer] = known / prod
	case isKnown(in):
		if prod != known {
			return 0, nil, fail()
		}
	case infer >= 0: // the -1 stays Unknown until run time
		if prod == 0 {
			return 0, nil, fail()
		}
	default: // size(in) = known·(unknowns) must equal prod
		if (known == 0) != (prod == 0) || (known != 0 && prod%known != 0) {
			return 0, nil, fail()
		}
	}
	return d[0], out, nil
}

func (reshapeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: reshaping moves no element, so dy is reshaped back to x's
// (run-time) shape.
func (reshapeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reshapeLike(dy, n.inputs[0])}, nil
}

// reshapeLikeOp gives its first input the run-time shape of its second,
// which must have the same size.
type reshapeLikeOp struct{}

// reshapeLike returns x reshaped to like's run-time shape (like's values
// are not read). When the static shapes already match, x is returned.
func reshapeLike(x, like *Node) *Node {
	if x != nil && like != nil && isKnown(x.shape) && x.shape.Equal(like.shape) {
		return x
	}
	return graphOf(x, like).AddNode(reshapeLikeOp{}, "ReshapeLike", x, like)
}

func (reshapeLikeOp) Type() string { return "ReshapeLike" }

func (reshapeLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if isKnown(s[0]) && isKnown(s[1]) && s[0].Size() != s[1].Size() {
		return 0, nil, fmt.Errorf("sizes differ: %s has %d elements, %s has %d",
			formatShape(s[0]), s[0].Size(), formatShape(s[1]), s[1].Size())
	}
	return d[0], s[1], nil
}

func (reshapeLikeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { out.CopyFrom(in[0]) }

// Gradient: reshape dy back to x's shape; like contributes only its shape.
func (reshapeLikeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reshapeLike(dy, n.inputs[0]), nil}, nil
}
