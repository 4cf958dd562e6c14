package graph

import (
	"slices"

	"github.com/neurite/neurite/tensor"
)

// meanOp averages its input over axes.
type meanOp struct {
	axes     []int
	keepDims bool
}

// Mean returns the mean of x's elements over axes, like numpy.mean; axes
// and keepDims are as for [Sum]. x must be float32 or float64. The number
// of elements averaged may be known only at run time (a mean over an
// Unknown batch dimension).
func Mean(x *Node, axes []int, keepDims bool) *Node {
	return graphOf(x).AddNode(meanOp{axes: slices.Clone(axes), keepDims: keepDims}, "Mean", x)
}

func (meanOp) Type() string { return "Mean" }

func (o meanOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return redInfer(d, s, o.axes, o.keepDims, true)
}

func (o meanOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MeanInto(out, in[0], o.axes, o.keepDims)
}

// Gradient: ∂mean/∂x = 1/N for N the number of elements averaged, so dy is
// broadcast back as for Sum and scaled by 1/N. N is a constant when the
// reduced dimensions are known statically, else size(y)/size(x) computed
// from the run-time shapes.
func (o meanOp) Gradient(n, dy *Node) ([]*Node, error) {
	x := n.inputs[0]
	axes, err := redAxes(o.axes, len(x.shape))
	if err != nil {
		return nil, err
	}
	count := 1
	for _, a := range axes {
		if count >= 0 && x.shape[a] != Unknown {
			count *= x.shape[a]
		} else {
			count = Unknown
		}
	}
	var scale *Node
	if count >= 0 {
		scale = n.g.scalarOf(1/float64(count), x.dtype)
	} else {
		scale = sizeRatio(n, x)
	}
	return []*Node{Mul(BroadcastLike(redKeepDims(dy, axes, o.keepDims), x), scale)}, nil
}

// sizeRatioOp gives size(a)/size(b) as a scalar of a's dtype, from the
// run-time shapes of its inputs (their values are not read). It is 0 when
// b is empty.
//
// It stays private and separate because it is the one op that reads a
// run-time size: Mean's gradient needs 1/N when an averaged dimension is
// Unknown until the graph runs, and no public op gives a tensor's size.
// Composing it (Sum(OnesLike(x)), say) would cost a pass over x and round
// large counts in float32.
type sizeRatioOp struct{}

// sizeRatio returns the scalar size(a)/size(b) in a's dtype.
func sizeRatio(a, b *Node) *Node { return graphOf(a, b).AddNode(sizeRatioOp{}, "SizeRatio", a, b) }

func (sizeRatioOp) Type() string { return "SizeRatio" }

func (sizeRatioOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if _, err := floatDType(d[:1]); err != nil {
		return 0, nil, err
	}
	return d[0], tensor.Shape{}, nil
}

func (sizeRatioOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	r := 0.0
	if nb := in[1].Size(); nb > 0 {
		r = float64(in[0].Size()) / float64(nb)
	}
	out.Fill(r)
}

// Gradient: the ratio depends only on shapes, not on the inputs' values.
func (sizeRatioOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }
