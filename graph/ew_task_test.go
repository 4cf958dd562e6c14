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
		t.Skip("the race detector makes sync.Pool drop tasks at random")
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
