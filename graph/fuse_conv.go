package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// Fusion of convolution layers, as fuse.go does for dense layers: a chain
// Conv2D → Add(bias along the channels) → optional activation whose
// intermediate values nothing else reads runs as one step, the GEMM of
// each block of output rows applying the bias and a ReLU while the block
// is in cache (kernels.GemmBiasAct); Sigmoid and Tanh are applied to the
// step's output afterwards, in place, by their own kernels. The results
// are bit-for-bit those of the unfused steps, for the reasons fuse.go
// gives. The backward pass needs neither intermediate: Conv2D's gradients
// read its inputs, Add's only the incoming gradient, and the activations'
// the activation's output.

// fusedConvOp is the op of a fused convolution step: act(Conv2D(x, k) +
// bias) for the inputs x, k and bias. It only exists in plans, never as a
// node of a graph.
type fusedConvOp struct {
	o   Conv2DOptions
	act fusedAct
}

func (o fusedConvOp) Type() string {
	return [...]string{"Conv2D+Add", "Conv2D+Add+Relu", "Conv2D+Add+Sigmoid", "Conv2D+Add+Tanh"}[o.act]
}

// Infer is not used: a fused step takes the shape of the chain's last node.
func (o fusedConvOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, fmt.Errorf("graph: %s is a fused step of a plan, not a node", o.Type())
}

func (o fusedConvOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	_, g, _ := conv2DGeom(o.o, in[0].Shape(), in[1].Shape())
	act := kernels.ActNone
	if o.act == fusedRelu {
		act = kernels.ActRelu
	}
	switch y := out.Raw().(type) {
	case []float32:
		conv2DBiasRun(&g, y, in[0].Float32s(), in[1].Float32s(), in[2].Float32s(), act)
	case []float64:
		conv2DBiasRun(&g, y, in[0].Float64s(), in[1].Float64s(), in[2].Float64s(), act)
	}
	switch o.act {
	case fusedSigmoid:
		tensor.SigmoidInto(out, out)
	case fusedTanh:
		tensor.TanhInto(out, out)
	}
}

// Gradient is not used: gradients are built on the graph's nodes.
func (o fusedConvOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("graph: %s is a fused step of a plan: %w", o.Type(), ErrNoGradient)
}

// fuseConvAdd fuses the chain ending with the Add step ai, if that Add
// adds a bias to the output of a Conv2D step that nothing else reads (and
// an activation follows that nothing else's reads either, it too), marking
// the replaced steps in drop. It reports whether it fused.
func (p *plan) fuseConvAdd(ai int, private func(int) (int, bool), stepOf map[int]int, drop []bool) bool {
	add := &p.steps[ai]
	ci, bias, ok := p.convOfAdd(add, private)
	if !ok {
		return false
	}
	last, act := ai, fusedNone
	if next, ok := p.activationAfter(add.out, private, stepOf); ok {
		last, act = next, actOf(p.steps[next].op)
	}
	if p.mutatorBetween(ci, last) {
		return false // the convolution must read its inputs where it was
	}
	cs := p.steps[ci]
	p.steps[last] = step{
		node: p.steps[last].node,
		op:   fusedConvOp{o: cs.op.(conv2DOp).o, act: act},
		in:   []int{cs.in[0], cs.in[1], bias},
		out:  p.steps[last].out,
	}
	drop[ci], drop[ai] = true, ai != last
	p.fused++
	return true
}

// convOfAdd checks whether the Add step add is a bias add on the output
// of a Conv2D step that nothing else reads: the other input is a vector
// (or (1, …, 1, filters) tensor of rank at most 4) of the output's dtype
// and channels. It returns the Conv2D's step and the bias slot.
func (p *plan) convOfAdd(add *step, private func(int) (int, bool)) (ci, bias int, ok bool) {
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
		if _, isConv := p.steps[i].op.(conv2DOp); !isConv {
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
