package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// The activation gradients run their large loops in parallel through
// pooled tasks: a Compute on a tensor far above the parallel threshold
// allocates nothing, and gets every element right.
func TestActGradLargeComputeDoesNotAllocate(t *testing.T) {
	if fuseRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	const n = 5 * actGrain
	y, dy := tensor.New(tensor.Float32, n), tensor.New(tensor.Float32, n)
	for i := range n {
		y.Float32s()[i] = float32(i%5) - 2 // -2, -1, 0, 1, 2
		dy.Float32s()[i] = 3
	}
	out := tensor.New(tensor.Float32, n)
	ins := []*tensor.Tensor{y, dy}
	for _, c := range []struct {
		name string
		op   Op
		want [5]float32 // at y = -2..2, dy = 3
	}{
		{"ReluGrad", reluGradOp{}, [5]float32{0, 0, 0, 3, 3}},
		{"LeakyReluGrad", reluGradOp{alpha: 0.5}, [5]float32{1.5, 1.5, 1.5, 3, 3}},
		{"SigmoidGrad", sigmoidGradOp{}, [5]float32{-18, -6, 0, 0, -6}}, // 3·y·(1-y)
		{"TanhGrad", tanhGradOp{}, [5]float32{-9, 0, 3, 0, -9}},         // 3·(1-y²)
	} {
		compute := func() { c.op.Compute(out, ins) }
		compute()
		for i, v := range out.Float32s() {
			if v != c.want[i%5] {
				t.Fatalf("%s: out[%d] = %v, want %v", c.name, i, v, c.want[i%5])
			}
		}
		if a := testing.AllocsPerRun(20, compute); a != 0 {
			t.Errorf("%s: %v allocations per Compute of %d elements", c.name, a, n)
		}
	}
}

// Every op of the activation family (and its gradient ops) runs its
// parallel path without allocating: the same ops as
// TestActivationComputeDoesNotAllocate, on inputs above the parallel
// threshold, except those whose kernel is a tensor package function
// (tensorKernel), which the tensor package tests.
func TestActivationLargeComputeDoesNotAllocate(t *testing.T) {
	if fuseRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	tensorKernel := map[string]bool{"Softmax": true, "LogSoftmax": true}
	const rows, cols = 400, 100 // 40000 elements, above 2·actGrain
	g := New()
	x := g.Variable("x", randInput(1, 0.1, 0.9, rows, cols))
	labels := g.Const(xentLabels(cols, rows))
	var ys []*Node
	for _, a := range actUnaries() {
		ys = append(ys, a.build(x))
	}
	ys = append(ys, Softmax(x, 0), LogSoftmax(x, -1), Clip(x, 0.2, 0.8), LogClipped(x, 0.1),
		SparseSoftmaxCrossEntropyWithLogits(labels, x))
	for _, y := range ys {
		secondOrder(func(...*Node) *Node { return Square(y) })(x)
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, n := range g.Nodes() {
		if n.id < x.id+1 || n.IsVariable() || n.Value() != nil {
			continue
		}
		if tensorKernel[n.Type()] {
			continue
		}
		ins := make([]*tensor.Tensor, len(n.inputs))
		for i, in := range n.inputs {
			if in.dtype == tensor.Int64 {
				ins[i] = labels.Value()
				continue
			}
			ins[i] = tensor.New(in.dtype, in.shape...)
			ins[i].Fill(0.5)
		}
		out := tensor.New(n.dtype, n.shape...)
		n.op.Compute(out, ins)
		if allocs := testing.AllocsPerRun(5, func() { n.op.Compute(out, ins) }); allocs != 0 {
			t.Errorf("%s: %v allocations per Compute on %d×%d", n.Type(), allocs, rows, cols)
		}
		checked++
	}
	if checked < 30 {
		t.Fatalf("only %d ops checked", checked)
	}
}
