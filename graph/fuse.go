package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Fusion of dense layers.
//
// A dense layer is MatMul(x, W), then Add of a bias along the last axis,
// then often an activation. Run as three steps, it writes the product to
// memory, reads it back to add the bias, and reads it again for the
// activation, with a parallel loop for each. When no other step and no
// fetch uses the product or the biased sum, the plan runs the chain as one
// step instead: the GEMM applies the bias (and a ReLU) to each block of the
// product while the block is still in cache (kernels.GemmBiasAct, through
// tensor.MatMulBiasInto), and the intermediate values get no buffers at
// all. The backward pass does not need them: MatMul's gradients read its
// inputs, Add's only the incoming gradient, and the activations' gradients
// read the activation's output (Relu's included, see op_relu.go).
//
// In the backward pass, the gradient that reaches a Relu layer is a MatMul
// (dy·Wᵀ of the layer above) followed by ReluGrad; when nothing else reads
// that product, the two run as one step too (tensor.MatMulReluGradInto),
// which masks each block of the product while it is in cache.
//
// Results are bit-for-bit those of the unfused steps: the product is
// computed by the same kernel with the same blocking, each element then
// gets the same single rounding for the bias, the ReLU is exact, and the
// ReluGrad mask multiplies by 1 or alpha exactly as ReluGrad does.
// Sigmoid and Tanh are applied by their own tensor kernels to the fused
// step's output, in place, so they are the same functions too.

// fusedAct is the activation that ends a fused chain.
type fusedAct uint8

const (
	fusedNone fusedAct = iota
	fusedRelu
	fusedSigmoid
	fusedTanh
)

// fusedDenseOp is the op of a fused step: act(op(a)·op(b) + bias) for the
// inputs a, b and bias, with the MatMul's transposes. It only exists in
// plans, never as a node of a graph.
type fusedDenseOp struct {
	transA, transB bool
	act            fusedAct
}

func (o fusedDenseOp) Type() string {
	return [...]string{"MatMul+Add", "MatMul+Add+Relu", "MatMul+Add+Sigmoid", "MatMul+Add+Tanh"}[o.act]
}

// Infer is not used: a fused step takes the shape of the chain's last node.
func (o fusedDenseOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, fmt.Errorf("graph: %s is a fused step of a plan, not a node", o.Type())
}

func (o fusedDenseOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MatMulBiasInto(out, in[0], in[1], in[2], o.transA, o.transB, o.act == fusedRelu)
	switch o.act {
	case fusedSigmoid:
		tensor.SigmoidInto(out, out)
	case fusedTanh:
		tensor.TanhInto(out, out)
	}
}

// Gradient is not used: gradients are built on the graph's nodes.
func (o fusedDenseOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("graph: %s is a fused step of a plan: %w", o.Type(), ErrNoGradient)
}

// fusedReluGradOp is the op of a fused MatMul → ReluGrad step: the product
// op(a)·op(b) where y > 0 and alpha times it elsewhere, for the inputs a,
// b and y (ReluGrad's first input).
type fusedReluGradOp struct {
	transA, transB bool
	alpha          float64
}

func (o fusedReluGradOp) Type() string { return "MatMul+ReluGrad" }

// Infer is not used: a fused step takes the shape of the chain's last node.
func (o fusedReluGradOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, fmt.Errorf("graph: %s is a fused step of a plan, not a node", o.Type())
}

func (o fusedReluGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.MatMulReluGradInto(out, in[0], in[1], in[2], o.transA, o.transB, o.alpha)
}

// Gradient is not used: gradients are built on the graph's nodes.
func (o fusedReluGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("graph: %s is a fused step of a plan: %w", o.Type(), ErrNoGradient)
}

// fuseSteps replaces every chain MatMul → Add(bias) → optional activation,
// and every MatMul → ReluGrad, whose intermediate values nothing else reads
// by one fused step, placed where the chain's last step was. It runs before buffers are assigned, so
// the intermediate slots get none.
func (p *plan) fuseSteps() {
	stepOf := make(map[int]int, len(p.steps)) // slot → index of the step computing it
	readers := make([]int, len(p.slots))      // how many step inputs read each slot
	for i, st := range p.steps {
		stepOf[st.out] = i
		for _, in := range st.in {
			readers[in]++
		}
	}
	// private reports whether slot is computed by a step and read by
	// exactly one step input and no fetch, returning that step.
	private := func(slot int) (int, bool) {
		i, ok := stepOf[slot]
		return i, ok && readers[slot] == 1 && !p.isFetched(slot)
	}
	drop := make([]bool, len(p.steps))
	for ai := range p.steps {
		add := &p.steps[ai]
		if rg, ok := add.op.(reluGradOp); ok {
			if mi, ok := p.matMulOfReluGrad(add, private); ok && !p.mutatorBetween(mi, ai) {
				mm := p.steps[mi]
				mop := mm.op.(matMulOp)
				*add = step{node: add.node, op: fusedReluGradOp{transA: mop.transA, transB: mop.transB, alpha: rg.alpha},
					in: []int{mm.in[0], mm.in[1], add.in[0]}, out: add.out}
				drop[mi] = true
				p.fused++
			} else {
				p.fusePoolReluGrad(ai, rg.alpha, private, drop) // fuse_pool.go
			}
			continue
		}
		if _, ok := add.op.(addOp); !ok {
			continue
		}
		if p.fuseConvAdd(ai, private, stepOf, drop) { // fuse_conv.go
			continue
		}
		mi, bias, ok := p.matMulOfAdd(add, private)
		if !ok {
			continue
		}
		last, act := ai, fusedNone
		if next, ok := p.activationAfter(add.out, private, stepOf); ok {
			last, act = next, actOf(p.steps[next].op)
		}
		if p.mutatorBetween(mi, last) {
			continue // the MatMul must read its inputs where it was
		}
		mm := p.steps[mi]
		mop := mm.op.(matMulOp)
		p.steps[last] = step{
			node: p.steps[last].node,
			op:   fusedDenseOp{transA: mop.transA, transB: mop.transB, act: act},
			in:   []int{mm.in[0], mm.in[1], bias},
			out:  p.steps[last].out,
		}
		drop[mi], drop[ai] = true, ai != last
		p.fused++
	}
	kept := p.steps[:0]
	for i, st := range p.steps {
		if !drop[i] {
			kept = append(kept, st)
		}
	}
	p.steps = kept
}

// matMulOfAdd checks whether the Add step add is a bias add on the output
// of a MatMul step that nothing else reads: one input is that output, the
// other a vector (or (1, …, 1, n) tensor, of no higher rank) of the
// product's dtype and last dimension, so that the sum has the product's
// shape. It returns the MatMul's step and the bias slot.
func (p *plan) matMulOfAdd(add *step, private func(int) (int, bool)) (mi, bias int, ok bool) {
	out := p.slots[add.out]
	for k := 0; k < 2; k++ {
		prod, b := add.in[k], add.in[1-k]
		if prod == b {
			return 0, 0, false
		}
		i, ok := private(prod)
		if !ok {
			continue
		}
		if _, isMatMul := p.steps[i].op.(matMulOp); !isMatMul {
			continue
		}
		ps, bs := p.slots[prod], p.slots[b]
		if ps.dtype != out.dtype || bs.dtype != out.dtype || !ps.shape.Equal(out.shape) ||
			len(bs.shape) > len(ps.shape) || !isBiasShape(bs.shape, ps.shape[len(ps.shape)-1]) {
			continue
		}
		return i, b, true
	}
	return 0, 0, false
}

// matMulOfReluGrad checks whether the ReluGrad step rg reads, as its
// incoming gradient, the output of a MatMul step that nothing else reads,
// of the same shape and dtype as the mask and the result; it returns the
// MatMul's step.
func (p *plan) matMulOfReluGrad(rg *step, private func(int) (int, bool)) (int, bool) {
	mask, dy := rg.in[0], rg.in[1]
	if mask == dy {
		return 0, false
	}
	i, ok := private(dy)
	if !ok {
		return 0, false
	}
	if _, isMatMul := p.steps[i].op.(matMulOp); !isMatMul {
		return 0, false
	}
	out, ds, ms := p.slots[rg.out], p.slots[dy], p.slots[mask]
	if ds.dtype != out.dtype || ms.dtype != out.dtype || !ds.shape.Equal(out.shape) || !ms.shape.Equal(out.shape) {
		return 0, false
	}
	return i, true
}

// isBiasShape reports whether s is (n,) or (1, …, 1, n).
func isBiasShape(s tensor.Shape, n int) bool {
	if len(s) == 0 || s[len(s)-1] != n {
		return false
	}
	for _, d := range s[:len(s)-1] {
		if d != 1 {
			return false
		}
	}
	return true
}

// activationAfter returns the step of the Relu, Sigmoid or Tanh that is the
// only reader of slot, if there is one and slot is private.
func (p *plan) activationAfter(slot int, private func(int) (int, bool), stepOf map[int]int) (int, bool) {
	if _, ok := private(slot); !ok {
		return 0, false
	}
	for i := stepOf[slot] + 1; i < len(p.steps); i++ {
		st := &p.steps[i]
		if contains(st.in, slot) { // the only reader
			return i, len(st.in) == 1 && actOf(st.op) != fusedNone && p.slots[st.out].dtype == p.slots[slot].dtype
		}
	}
	return 0, false
}

// actOf returns the fused activation that op computes, or fusedNone.
func actOf(op Op) fusedAct {
	switch op.(type) {
	case reluOp:
		return fusedRelu
	case sigmoidOp:
		return fusedSigmoid
	case tanhOp:
		return fusedTanh
	}
	return fusedNone
}

// mutatorBetween reports whether a step that changes a variable runs
// after step i and before step j.
func (p *plan) mutatorBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if _, ok := p.steps[k].op.(Mutator); ok {
			return true
		}
	}
	return false
}
