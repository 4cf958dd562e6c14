package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// sliceOp takes the range [start, end) of one axis.
type sliceOp struct{ axis, start, end int }

// Slice returns the part of x whose index along axis lies in [start, end),
// like x[..., start:end, ...] in numpy. Negative axis, start and end count
// from the end as in Python, but a range outside the axis is an error
// rather than being clamped, and so is start > end.
func Slice(x *Node, axis, start, end int) *Node {
	return graphOf(x).AddNode(sliceOp{axis: axis, start: start, end: end}, "Slice", x)
}

func (sliceOp) Type() string { return "Slice" }

// sliceRange resolves [start, end) on an axis of known size d to
// 0 <= lo <= hi <= d.
func sliceRange(d, start, end int) (lo, hi int, err error) {
	lo, hi = start, end
	if lo < 0 {
		lo += d
	}
	if hi < 0 {
		hi += d
	}
	if lo < 0 || lo > d || hi < 0 || hi > d {
		return 0, 0, fmt.Errorf("range [%d, %d) is out of bounds for an axis of size %d", start, end, d)
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("start %d is after end %d on an axis of size %d", start, end, d)
	}
	return lo, hi, nil
}

// sliceShape returns the static shape of the slice of a tensor of shape s.
// On an Unknown axis the length is known when start and end have the same
// sign.
func (o sliceOp) sliceShape(s tensor.Shape) (tensor.Shape, error) {
	a, err := normAxis(o.axis, len(s))
	if err != nil {
		return nil, err
	}
	out := s.Clone()
	if d := s[a]; d != Unknown {
		lo, hi, err := sliceRange(d, o.start, o.end)
		if err != nil {
			return nil, err
		}
		out[a] = hi - lo
		return out, nil
	}
	switch {
	case (o.start >= 0) != (o.end >= 0):
		out[a] = Unknown
	case o.start > o.end:
		return nil, fmt.Errorf("start %d is after end %d", o.start, o.end)
	default:
		out[a] = o.end - o.start
	}
	return out, nil
}

func (o sliceOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	out, err := o.sliceShape(s[0])
	return d[0], out, err
}

func (o sliceOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.SliceInto(out, in[0], o.axis, o.start, o.end)
}

// Gradient: the slice's elements receive dy, the others 0, so dy is
// padded with zeros back to x's shape.
func (o sliceOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	return []*Node{graphOf(dy, x).AddNode(sliceGradOp(o), "SliceGrad", dy, x)}, nil
}

// sliceGradOp writes its first input into a zero tensor shaped like its
// second, at the range of a Slice: the adjoint of slicing.
type sliceGradOp sliceOp

func (sliceGradOp) Type() string { return "SliceGrad" }

func (o sliceGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	want, err := sliceOp(o).sliceShape(s[1])
	if err != nil {
		return 0, nil, err
	}
	if d[0] != d[1] {
		return 0, nil, fmt.Errorf("inputs have different dtypes %v and %v", d[0], d[1])
	}
	if !sameStatic(want, s[0]) {
		return 0, nil, fmt.Errorf("gradient has shape %s, the slice has %s", formatShape(s[0]), formatShape(want))
	}
	return d[0], s[1], nil
}

func (o sliceGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	sh := out.Shape()
	a, _ := normAxis(o.axis, len(sh))
	lo, _, _ := sliceRange(sh[a], o.start, o.end)
	out.Fill(0)
	sliceWriteInto(out, in[0], a, lo)
}

// Gradient: padding is linear and its adjoint is the slice again; x gives
// only its shape.
func (o sliceGradOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{Slice(dy, o.axis, o.start, o.end), nil}, nil
}

// sliceWriteInto copies src into dst at offset lo along axis a; the two
// agree on every other axis.
func sliceWriteInto(dst, src *tensor.Tensor, a, lo int) {
	sh := dst.Shape()
	outer, D, inner := tensor.Shape(sh[:a]).Size(), sh[a], tensor.Shape(sh[a+1:]).Size()
	d := src.Shape()[a]
	switch dd := dst.Raw().(type) {
	case []float32:
		sliceWrite(dd, src.Float32s(), outer, D, d, lo, inner)
	case []float64:
		sliceWrite(dd, src.Float64s(), outer, D, d, lo, inner)
	case []int64:
		sliceWrite(dd, src.Int64s(), outer, D, d, lo, inner)
	}
}

// sliceWrite copies src, viewed as (outer, d, inner), into dst, viewed as
// (outer, D, inner), at offset lo of the middle axis.
func sliceWrite[T float32 | float64 | int64](dst, src []T, outer, D, d, lo, inner int) {
	chunk := d * inner
	for o := 0; o < outer; o++ {
		copy(dst[(o*D+lo)*inner:(o*D+lo)*inner+chunk], src[o*chunk:(o+1)*chunk])
	}
}
