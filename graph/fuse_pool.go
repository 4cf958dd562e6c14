package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// Fusion of the backward pass of a ReLU followed by max pooling (a
// convolution layer with a ReLU, then MaxPooling2D): the gradient that
// reaches the ReLU is MaxPool2DGrad(y, dy), dy sent to each window's
// arg-max in y, the ReLU's output, and ReluGrad(y, ·) then masks it by
// y > 0. When nothing else reads the scattered gradient, the two run as
// one step that writes each element once: the arg-max's y is the window's
// maximum, so the mask needs no second read of y. The result is
// bit-for-bit that of the two steps when alpha ≥ 0 (the elements that
// get no gradient stay +0, as alpha·0 leaves them), which is the only
// case fused.

// fusedPoolReluGradOp is ReluGrad(x, MaxPool2DGrad(x, dy)) for the
// inputs x and dy. It only exists in plans, never as a node of a graph.
type fusedPoolReluGradOp struct {
	o     Pool2DOptions
	alpha float64
}

func (fusedPoolReluGradOp) Type() string { return "MaxPool2DGrad+ReluGrad" }

// Infer is not used: a fused step takes the shape of the chain's last node.
func (o fusedPoolReluGradOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, fmt.Errorf("graph: %s is a fused step of a plan, not a node", o.Type())
}

// Compute runs the 2×2 fast path with the mask fused in, or else the
// general scatter and then the mask in place.
func (o fusedPoolReluGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(o.o, in[0].Shape())
	switch dx := out.Raw().(type) {
	case []float32:
		x, dy := in[0].Float32s(), in[1].Float32s()
		if g.pool2x2() {
			maxPool2x2Run(maxPool2x2Task{g: g, x: x, dy: dy, dx: dx, mask: true, alpha: float32(o.alpha)})
			return
		}
		maxPoolRun(&g, maxPoolBackward, dx, x, dy)
		kernels.ReluGrad(dx, x, dx, float32(o.alpha))
	case []float64:
		x := in[0].Float64s()
		maxPoolRun(&g, maxPoolBackward, dx, x, in[1].Float64s())
		kernels.ReluGrad(dx, x, dx, o.alpha)
	}
}

// Gradient is not used: gradients are built on the graph's nodes.
func (o fusedPoolReluGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("graph: %s is a fused step of a plan: %w", o.Type(), ErrNoGradient)
}

// fusePoolReluGrad fuses the ReluGrad step ri, of slope alpha ≥ 0, with
// the MaxPool2DGrad step that computes its incoming gradient, when
// nothing else reads that gradient and the pooling's input is the
// ReluGrad's mask, marking the replaced step in drop. It reports whether
// it fused.
func (p *plan) fusePoolReluGrad(ri int, alpha float64, private func(int) (int, bool), drop []bool) bool {
	rg := &p.steps[ri]
	mask, dy := rg.in[0], rg.in[1]
	if mask == dy || !(alpha >= 0) {
		return false
	}
	i, ok := private(dy)
	if !ok {
		return false
	}
	pg, isPoolGrad := p.steps[i].op.(maxPool2DGradOp)
	if !isPoolGrad || p.steps[i].in[0] != mask || p.mutatorBetween(i, ri) {
		return false
	}
	out, ds, ms := p.slots[rg.out], p.slots[dy], p.slots[mask]
	if ds.dtype != out.dtype || ms.dtype != out.dtype || !ds.shape.Equal(out.shape) || !ms.shape.Equal(out.shape) {
		return false
	}
	*rg = step{node: rg.node, op: fusedPoolReluGradOp{o: pg.o, alpha: alpha}, in: []int{mask, p.steps[i].in[1]}, out: rg.out}
	drop[i] = true
	p.fused++
	return true
}
