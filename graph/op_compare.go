package graph

import "github.com/neurite/neurite/tensor"

// compareOp is an elementwise comparison with broadcasting. Its result has
// the operands' dtype and holds 1 where the comparison holds and 0
// elsewhere. The six comparisons share this type and differ only in kind.
// (A kind rather than a kernel func keeps the op comparable with ==.)
type compareOp struct{ kind compareKind }

// compareKind says which comparison a compareOp makes.
type compareKind uint8

const (
	cmpEqual compareKind = iota
	cmpNotEqual
	cmpLess
	cmpLessEqual
	cmpGreater
	cmpGreaterEqual
)

// compareNames are the op types of the comparison kinds.
var compareNames = [...]string{"Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual"}

// compareKernels are the tensor kernels of the comparison kinds.
var compareKernels = [...]func(dst, a, b *tensor.Tensor){
	tensor.EqualInto, tensor.NotEqualInto, tensor.LessInto,
	tensor.LessEqualInto, tensor.GreaterInto, tensor.GreaterEqualInto,
}

// Equal returns 1 where a == b and 0 elsewhere, in the operands' dtype,
// broadcasting like numpy. It has no gradient (see [Less]).
func Equal(a, b *Node) *Node { return mathCompare(cmpEqual, a, b) }

// NotEqual returns 1 where a != b and 0 elsewhere, in the operands' dtype,
// broadcasting like numpy. It has no gradient (see [Less]).
func NotEqual(a, b *Node) *Node { return mathCompare(cmpNotEqual, a, b) }

// Less returns 1 where a < b and 0 elsewhere, in the operands' dtype,
// broadcasting like numpy. Every comparison with NaN is false except
// NotEqual.
//
// Comparisons are piecewise constant, so no gradient flows through them:
// an x that the output depends on only through comparisons gets a nil
// gradient from [Gradients].
func Less(a, b *Node) *Node { return mathCompare(cmpLess, a, b) }

// LessEqual returns 1 where a <= b and 0 elsewhere, in the operands' dtype,
// broadcasting like numpy. It has no gradient (see [Less]).
func LessEqual(a, b *Node) *Node { return mathCompare(cmpLessEqual, a, b) }

// Greater returns 1 where a > b and 0 elsewhere, in the operands' dtype,
// broadcasting like numpy. It has no gradient (see [Less]).
func Greater(a, b *Node) *Node { return mathCompare(cmpGreater, a, b) }

// GreaterEqual returns 1 where a >= b and 0 elsewhere, in the operands'
// dtype, broadcasting like numpy. It has no gradient (see [Less]).
func GreaterEqual(a, b *Node) *Node {
	return mathCompare(cmpGreaterEqual, a, b)
}

// mathCompare adds a comparison node.
func mathCompare(kind compareKind, a, b *Node) *Node {
	a, b = matchDTypes(a, b)
	return graphOf(a, b).AddNode(compareOp{kind: kind}, "", a, b)
}

func (c compareOp) Type() string { return compareNames[c.kind] }

func (compareOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(d, s)
}

func (c compareOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	compareKernels[c.kind](out, in[0], in[1])
}

// Gradient: a comparison is piecewise constant, with derivative zero
// wherever it exists, so no gradient flows to either input.
func (compareOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil, nil}, nil }
