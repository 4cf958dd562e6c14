package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// sliceAddOp adds its second input into the range of a Slice of its first:
// base + SliceGrad(dy), the sum of the gradient of a Slice and another
// gradient of the same node, without the zero-padded full-size tensor of
// the SliceGrad. It is what the backward pass of an unrolled recurrence
// sums at every step, where the state feeds both the next step and a
// slice of it (h of LSTM's packed [h | c]).
type sliceAddOp sliceOp

// sliceAdd returns base plus dy written at the range of o in a zero tensor
// shaped like base.
func sliceAdd(o sliceOp, base, dy *Node) *Node {
	return graphOf(base, dy).AddNode(sliceAddOp(o), "SliceAdd", base, dy)
}

func (sliceAddOp) Type() string { return "SliceAdd" }

func (o sliceAddOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	want, err := sliceOp(o).sliceShape(s[0])
	if err != nil {
		return 0, nil, err
	}
	if d[0] != d[1] || !d[0].IsFloat() {
		return 0, nil, fmt.Errorf("inputs must be floats of one dtype, got %v and %v", d[0], d[1])
	}
	if !sameStatic(want, s[1]) {
		return 0, nil, fmt.Errorf("gradient has shape %s, the slice has %s", formatShape(s[1]), formatShape(want))
	}
	return d[0], s[0], nil
}

func (o sliceAddOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	out.CopyFrom(in[0])
	sh := out.Shape()
	a, _ := normAxis(o.axis, len(sh))
	lo, _, _ := sliceRange(sh[a], o.start, o.end)
	outer, D, inner := tensor.Shape(sh[:a]).Size(), sh[a], tensor.Shape(sh[a+1:]).Size()
	d := in[1].Shape()[a]
	switch dd := out.Raw().(type) {
	case []float32:
		sliceAddRows(dd, in[1].Float32s(), outer, D, d, lo, inner)
	case []float64:
		sliceAddRows(dd, in[1].Float64s(), outer, D, d, lo, inner)
	}
}

// Gradient: the first input receives dy whole, the second its slice.
func (o sliceAddOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{dy, Slice(dy, o.axis, o.start, o.end)}, nil
}

// sliceAddRows adds src, viewed as (outer, d, inner), into dst, viewed as
// (outer, D, inner), at offset lo of the middle axis.
func sliceAddRows[T tensor.Float](dst, src []T, outer, D, d, lo, inner int) {
	chunk := d * inner
	for o := 0; o < outer; o++ {
		p := dst[(o*D+lo)*inner : (o*D+lo)*inner+chunk]
		kernels.Rows(kernels.OpAdd, p, p, src[o*chunk:(o+1)*chunk], 1, chunk, chunk, chunk)
	}
}
