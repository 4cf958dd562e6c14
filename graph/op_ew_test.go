package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// Benchmarks of the hot loops of the fused update and activation-gradient
// ops, calling Compute directly on float32 tensors (SetBytes counts the
// bytes each op reads and writes), and a test of the parallel Adam update.

func benchTensor(n int, scale float64) *tensor.Tensor {
	t := tensor.New(tensor.Float32, n)
	d := t.Float32s()
	for i := range d {
		d[i] = float32(float64(i%2001-1000) * scale)
	}
	return t
}

func BenchmarkApplyAdamCompute535k(b *testing.B) {
	const n = 535000
	w, m, v, grad := benchTensor(n, 1e-3), tensor.New(tensor.Float32, n), tensor.New(tensor.Float32, n), benchTensor(n, 1e-4)
	in := []*tensor.Tensor{w, m, v, grad, scalar(tensor.Float32, 0.001), scalar(tensor.Float32, 3)}
	out := tensor.New(tensor.Float32)
	op := applyAdamOp{beta1: 0.9, beta2: 0.999, epsilon: 1e-7}
	b.SetBytes(28 * n)
	for b.Loop() {
		op.Compute(out, in)
	}
}

func benchGradOp(b *testing.B, op interface {
	Compute(*tensor.Tensor, []*tensor.Tensor)
}) {
	const n = 1 << 20
	x, dy, out := benchTensor(n, 1e-3), benchTensor(n, 1e-2), tensor.New(tensor.Float32, n)
	in := []*tensor.Tensor{x, dy}
	b.SetBytes(12 * n)
	for b.Loop() {
		op.Compute(out, in)
	}
}

func BenchmarkReluGradCompute1M(b *testing.B)    { benchGradOp(b, reluGradOp{}) }
func BenchmarkSigmoidGradCompute1M(b *testing.B) { benchGradOp(b, sigmoidGradOp{}) }
func BenchmarkTanhGradCompute1M(b *testing.B)    { benchGradOp(b, tanhGradOp{}) }

// A large Adam update runs in parallel through pooled tasks: it allocates
// nothing and computes what one serial kernels.Adam call does.
func TestApplyAdamLargeParallel(t *testing.T) {
	const n = 5 * updateGrain
	w, grad := benchTensor(n, 1e-3), benchTensor(n, 1e-4)
	m, v := tensor.New(tensor.Float32, n), tensor.New(tensor.Float32, n)
	wantW, wantM, wantV := w.Clone(), m.Clone(), v.Clone()
	in := []*tensor.Tensor{w, m, v, grad, scalar(tensor.Float32, 0.001), scalar(tensor.Float32, 1)}
	op := applyAdamOp{beta1: 0.9, beta2: 0.999, epsilon: 1e-7}
	out := tensor.New(tensor.Float32)
	op.Compute(out, in)
	// Step 1: alpha = lr·sqrt(1-beta2)/(1-beta1), as adamCompute rounds it.
	alpha := float32(0.001) * float32(math.Sqrt(float64(1-float32(0.999)))) / (1 - float32(0.9))
	kernels.Adam(wantW.Float32s(), wantM.Float32s(), wantV.Float32s(), grad.Float32s(),
		alpha, float32(1-0.9), float32(1-0.999), float32(1e-7))
	for _, c := range []struct{ got, want *tensor.Tensor }{{w, wantW}, {m, wantM}, {v, wantV}} {
		for i, g := range c.got.Float32s() {
			if g != c.want.Float32s()[i] {
				t.Fatalf("element %d = %v, serial kernel gives %v", i, g, c.want.Float32s()[i])
			}
		}
	}
	if fuseRace {
		return // sync.Pool drops tasks at random under the race detector
	}
	if a := testing.AllocsPerRun(20, func() { op.Compute(out, in) }); a != 0 {
		t.Errorf("ApplyAdam Compute of %d parameters: %v allocations", n, a)
	}
}
