package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// concatOp joins its inputs along an existing axis.
type concatOp struct{ axis int }

// Concat joins xs along axis (negative counts from the end), like
// numpy.concatenate. The inputs must share dtype and rank and agree on
// every other dimension. xs must not be empty: with no node there is no
// graph to record the error in, and Concat panics.
func Concat(axis int, xs ...*Node) *Node {
	return graphOf(xs...).AddNode(concatOp{axis: axis}, "Concat", xs...)
}

func (concatOp) Type() string { return "Concat" }

func (o concatOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return concatInfer(d, s, o.axis)
}

// concatInfer is the shape rule of Concat: along the axis the sizes add up
// (Unknown if any is), elsewhere they must agree.
func concatInfer(d []tensor.DType, s []tensor.Shape, axis int) (tensor.DType, tensor.Shape, error) {
	if len(s) == 0 {
		return 0, nil, fmt.Errorf("needs at least one input")
	}
	dt, err := sameDType(d)
	if err != nil {
		return 0, nil, err
	}
	a, err := normAxis(axis, len(s[0]))
	if err != nil {
		return 0, nil, err
	}
	out := s[0].Clone()
	for i, sh := range s[1:] {
		ok := len(sh) == len(out)
		for k := 0; ok && k < len(out); k++ {
			switch {
			case k == a:
				if out[k] == Unknown || sh[k] == Unknown {
					out[k] = Unknown
				} else {
					out[k] += sh[k]
				}
			case out[k] == Unknown:
				out[k] = sh[k]
			default:
				ok = sh[k] == Unknown || sh[k] == out[k]
			}
		}
		if !ok {
			return 0, nil, fmt.Errorf("input %d has shape %s, which does not match input 0's %s outside axis %d",
				i+1, formatShape(sh), formatShape(s[0]), axis)
		}
	}
	return dt, out, nil
}

func (o concatOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.ConcatInto(out, o.axis, in...)
}

// Gradient: each input receives its own part of dy, a Slice at its offset
// along the axis (computed from run-time shapes when sizes along the axis
// are Unknown).
func (o concatOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, err := normAxis(o.axis, len(dy.shape))
	if err != nil {
		return nil, err
	}
	gs := make([]*Node, len(n.inputs))
	off := 0
	for i, x := range n.inputs {
		if off != Unknown && x.shape[a] != Unknown {
			gs[i] = Slice(dy, a, off, off+x.shape[a])
			off += x.shape[a]
			continue
		}
		off = Unknown
		gs[i] = graphOf(dy).AddNode(concatSliceOp{axis: a, index: i}, "ConcatSlice", append([]*Node{dy}, n.inputs...)...)
	}
	return gs, nil
}

// concatSliceOp takes from its first input the part that a Concat of the
// remaining inputs took from input index, at offsets found from their
// run-time shapes.
type concatSliceOp struct{ axis, index int }

func (concatSliceOp) Type() string { return "ConcatSlice" }

func (o concatSliceOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	_, whole, err := concatInfer(d[1:], s[1:], o.axis)
	if err != nil {
		return 0, nil, err
	}
	if d[0] != d[1] || !sameStatic(s[0], whole) {
		return 0, nil, fmt.Errorf("gradient %v %s does not fit the concatenation %v %s", d[0], formatShape(s[0]), d[1], formatShape(whole))
	}
	return d[0], s[1+o.index], nil
}

// offset returns the start of input index along the axis.
func (o concatSliceOp) offset(in []*tensor.Tensor) int {
	off := 0
	for _, x := range in[1 : 1+o.index] {
		off += x.Shape()[o.axis]
	}
	return off
}

func (o concatSliceOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	off := o.offset(in)
	tensor.SliceInto(out, in[0], o.axis, off, off+out.Shape()[o.axis])
}

// Gradient: the adjoint of taking the part is padding it back with zeros.
func (o concatSliceOp) Gradient(n, dy *Node) ([]*Node, error) {
	gs := make([]*Node, len(n.inputs))
	gs[0] = graphOf(dy).AddNode(concatPadOp(o), "ConcatPad", append([]*Node{dy}, n.inputs[1:]...)...)
	return gs, nil
}

// concatPadOp writes its first input into a zero tensor shaped like the
// Concat of the remaining inputs, where input index would go.
type concatPadOp concatSliceOp

func (concatPadOp) Type() string { return "ConcatPad" }

func (o concatPadOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	_, whole, err := concatInfer(d[1:], s[1:], o.axis)
	if err != nil {
		return 0, nil, err
	}
	if d[0] != d[1] || !sameStatic(s[0], s[1+o.index]) {
		return 0, nil, fmt.Errorf("gradient %v %s does not fit input %d, %v %s", d[0], formatShape(s[0]), o.index, d[1], formatShape(s[1+o.index]))
	}
	return d[0], whole, nil
}

func (o concatPadOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	out.Fill(0)
	sliceWriteInto(out, in[0], o.axis, concatSliceOp(o).offset(in))
}

// Gradient: the adjoint of padding is taking the part again.
func (o concatPadOp) Gradient(n, dy *Node) ([]*Node, error) {
	gs := make([]*Node, len(n.inputs))
	gs[0] = graphOf(dy).AddNode(concatSliceOp(o), "ConcatSlice", append([]*Node{dy}, n.inputs[1:]...)...)
	return gs, nil
}
