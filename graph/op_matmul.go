package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// matMulOp is the matrix product of the last two axes, batched over the
// leading axes with broadcasting, either operand optionally transposed.
type matMulOp struct{ transA, transB bool }

// MatMul returns the matrix product a·b of two float tensors of rank ≥ 2.
// Leading (batch) axes broadcast like numpy's matmul.
func MatMul(a, b *Node) *Node { return MatMulT(a, b, false, false) }

// MatMulT returns op(a)·op(b), where op transposes the last two axes of its
// operand when the corresponding flag is set. Transposing this way costs
// nothing: the kernel reads the operand in the other order.
func MatMulT(a, b *Node, transA, transB bool) *Node {
	return graphOf(a, b).AddNode(matMulOp{transA: transA, transB: transB}, "MatMul", a, b)
}

func (matMulOp) Type() string { return "MatMul" }

func (m matMulOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	a, b := s[0], s[1]
	if len(a) < 2 || len(b) < 2 {
		return 0, nil, fmt.Errorf("operands must have rank 2 or more, got %s", formatShapes(s))
	}
	rows, inA := a[len(a)-2], a[len(a)-1]
	if m.transA {
		rows, inA = inA, rows
	}
	inB, cols := b[len(b)-2], b[len(b)-1]
	if m.transB {
		inB, cols = cols, inB
	}
	if inA != inB && inA != Unknown && inB != Unknown {
		return 0, nil, fmt.Errorf("inner dimensions %d and %d differ", inA, inB)
	}
	batch, ok := broadcastStatic(a[:len(a)-2], b[:len(b)-2])
	if !ok {
		return 0, nil, fmt.Errorf("batch dimensions cannot be broadcast together")
	}
	return dt, append(batch, rows, cols), nil
}

func (m matMulOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MatMulTInto(out, in[0], in[1], m.transA, m.transB)
}

// Gradient: a matmul's gradients are two matmuls (never a broadcast
// multiply followed by a sum), reduced over broadcast batch axes.
func (m matMulOp) Gradient(n, dy *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	var da, db *Node
	switch {
	case !m.transA && !m.transB: // C = A B
		da, db = MatMulT(dy, b, false, true), MatMulT(a, dy, true, false)
	case m.transA && !m.transB: // C = Aᵀ B
		da, db = MatMulT(b, dy, false, true), MatMulT(a, dy, false, false)
	case !m.transA && m.transB: // C = A Bᵀ
		da, db = MatMulT(dy, b, false, false), MatMulT(dy, a, true, false)
	default: // C = Aᵀ Bᵀ
		da, db = MatMulT(b, dy, true, true), MatMulT(dy, a, true, true)
	}
	return []*Node{SumLike(da, a), SumLike(db, b)}, nil
}
