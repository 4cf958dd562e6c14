package graph

// joinMatMulGrads returns the sum of the gradients gs as one product when
// each of them is a product aᵢᵀ·bᵢ of matrices (the gradient a MatMul
// gives its right operand) with the same column counts: the sum of the
// products is [a₁; a₂; …]ᵀ·[b₁; b₂; …], the rows of the aᵢ and of the bᵢ
// stacked. This is the gradient of a weight shared by the steps of an
// unrolled recurrence: one long product instead of one short product per
// step and a sum of them all. It returns nil in every other case.
func joinMatMulGrads(gs []*Node) *Node {
	as, bs := make([]*Node, len(gs)), make([]*Node, len(gs))
	for i, g := range gs {
		o, ok := g.op.(matMulOp)
		if !ok || !o.transA || o.transB {
			return nil
		}
		a, b := g.inputs[0], g.inputs[1]
		if len(a.shape) != 2 || len(b.shape) != 2 || a.shape[1] == Unknown || b.shape[1] == Unknown ||
			a.dtype != gs[0].inputs[0].dtype || b.dtype != a.dtype ||
			a.shape[1] != gs[0].inputs[0].shape[1] || b.shape[1] != gs[0].inputs[1].shape[1] {
			return nil
		}
		as[i], bs[i] = a, b
	}
	return MatMulT(Concat(0, as...), Concat(0, bs...), true, false)
}
