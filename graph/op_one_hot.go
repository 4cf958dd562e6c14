package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// oneHotOp encodes integer labels as one-hot vectors.
type oneHotOp struct {
	depth int
	dtype tensor.DType
}

// OneHot encodes labels, an Int64 tensor of any shape, as one-hot vectors
// of the given dtype: the result has shape labels.shape + (depth,) and
// holds 1 at position labels[i] of row i, 0 elsewhere, like tf.one_hot. A
// label outside [0, depth) makes Run fail.
func OneHot(labels *Node, depth int, dtype tensor.DType) *Node {
	return graphOf(labels).AddNode(oneHotOp{depth: depth, dtype: dtype}, "OneHot", labels)
}

func (oneHotOp) Type() string { return "OneHot" }

func (o oneHotOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	if d[0] != tensor.Int64 {
		return 0, nil, fmt.Errorf("labels must be int64, got %v", d[0])
	}
	if o.depth < 0 {
		return 0, nil, fmt.Errorf("depth %d is negative", o.depth)
	}
	if !o.dtype.Valid() {
		return 0, nil, fmt.Errorf("invalid dtype %v", o.dtype)
	}
	return o.dtype, append(s[0].Clone(), o.depth), nil
}

func (oneHotOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) { tensor.OneHotInto(out, in[0]) }

// Gradient: the labels are integers.
func (oneHotOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil}, nil }
