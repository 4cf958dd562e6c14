package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Benchmarks of the hot loops of the fused update and activation-gradient
// ops, calling Compute directly on float32 tensors. SetBytes counts the
// bytes each op reads and writes.

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
