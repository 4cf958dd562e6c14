package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// transposeOp permutes the axes of its input.
type transposeOp struct{ perm []int }

// Transpose returns x with its axes permuted: axis i of the result is axis
// perm[i] of x, like numpy.transpose; entries may be negative. With no perm
// the axes are reversed (a matrix is transposed).
func Transpose(x *Node, perm ...int) *Node {
	return graphOf(x).AddNode(transposeOp{perm: slices.Clone(perm)}, "Transpose", x)
}

func (transposeOp) Type() string { return "Transpose" }

// normPerm returns the permutation for rank r with negative entries
// resolved (the reversal when perm is empty), or an error.
func (o transposeOp) normPerm(r int) ([]int, error) {
	p := make([]int, r)
	if len(o.perm) == 0 {
		for i := range p {
			p[i] = r - 1 - i
		}
		return p, nil
	}
	if len(o.perm) != r {
		return nil, fmt.Errorf("perm %v has %d axes for rank %d", o.perm, len(o.perm), r)
	}
	seen := make([]bool, r)
	for i, a := range o.perm {
		if a < -r || a >= r {
			return nil, fmt.Errorf("perm %v: axis %d is out of range for rank %d", o.perm, a, r)
		}
		if a < 0 {
			a += r
		}
		if seen[a] {
			return nil, fmt.Errorf("perm %v is not a permutation: axis %d repeats", o.perm, a)
		}
		seen[a] = true
		p[i] = a
	}
	return p, nil
}

func (o transposeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	p, err := o.normPerm(len(s[0]))
	if err != nil {
		return 0, nil, err
	}
	out := make(tensor.Shape, len(p))
	for i, a := range p {
		out[i] = s[0][a]
	}
	return d[0], out, nil
}

func (o transposeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.TransposeInto(out, in[0], o.perm...)
}

// Gradient: transposing is a permutation of elements, so dy is permuted
// back by the inverse permutation (inv[perm[i]] = i).
func (o transposeOp) Gradient(n, dy *Node) ([]*Node, error) {
	p, err := o.normPerm(len(n.inputs[0].shape))
	if err != nil {
		return nil, err
	}
	inv := make([]int, len(p))
	for i, a := range p {
		inv[a] = i
	}
	return []*Node{Transpose(dy, inv...)}, nil
}
