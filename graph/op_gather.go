package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// gatherOp takes slices of its first input at the indices held in its
// second.
type gatherOp struct{ axis int }

// Gather takes the slices of x along axis at the positions held in
// indices, an Int64 tensor of any shape, like tf.gather: the result has
// shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. With indices of
// shape (batch, seq) on a (vocab, dim) table it is an embedding lookup.
// An index outside [0, x.Dim(axis)) makes Run fail.
func Gather(x, indices *Node, axis int) *Node {
	return graphOf(x, indices).AddNode(gatherOp{axis: axis}, "Gather", x, indices)
}

func (gatherOp) Type() string { return "Gather" }

// gatherShape returns the static shape of gathering indices of shape idx
// from x along axis, or an error.
func gatherShape(x, idx tensor.Shape, axis int) (tensor.Shape, error) {
	a, err := normAxis(axis, len(x))
	if err != nil {
		return nil, err
	}
	out := make(tensor.Shape, 0, len(x)-1+len(idx))
	out = append(out, x[:a]...)
	out = append(out, idx...)
	return append(out, x[a+1:]...), nil
}

func (o gatherOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if d[1] != tensor.Int64 {
		return 0, nil, fmt.Errorf("indices must be int64, got %v", d[1])
	}
	out, err := gatherShape(s[0], s[1], o.axis)
	return d[0], out, err
}

func (o gatherOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.GatherTInto(out, in[0], in[1], o.axis)
}

// Gradient: each gathered slice's gradient is added back at the position it
// came from (a scatter-add, so repeated indices accumulate); the integer
// indices get none.
func (o gatherOp) Gradient(n, dy *Node) ([]*Node, error) {
	x, idx := n.inputs[0], n.inputs[1]
	return []*Node{graphOf(dy).AddNode(scatterAddLikeOp(o), "ScatterAddLike", dy, idx, x), nil}, nil
}

// scatterAddLikeOp adds the slices of its first input into a zero tensor
// shaped like its third, at the indices held in its second: the adjoint of
// Gather.
type scatterAddLikeOp gatherOp

func (scatterAddLikeOp) Type() string { return "ScatterAddLike" }

func (o scatterAddLikeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 3); err != nil {
		return 0, nil, err
	}
	if d[1] != tensor.Int64 {
		return 0, nil, fmt.Errorf("indices must be int64, got %v", d[1])
	}
	want, err := gatherShape(s[2], s[1], o.axis)
	if err != nil {
		return 0, nil, err
	}
	if d[0] != d[2] || !sameStatic(want, s[0]) {
		return 0, nil, fmt.Errorf("updates %v %s do not fit a gather of %v shape %s", d[0], formatShape(s[0]), d[2], formatShape(want))
	}
	return d[0], s[2], nil
}

func (o scatterAddLikeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	out.Fill(0)
	tensor.ScatterAdd(out, in[1], in[0], o.axis)
}

// Gradient: scatter-adding is linear and its adjoint is the gather again.
func (o scatterAddLikeOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Gather(dy, n.inputs[1], o.axis), nil, nil}, nil
}
