package kernels

import (
	"fmt"
	"testing"
)

// mlpGemms are the products of one training step of the 784-512-256-10
// MLP at batch 128 (the mlp_784-512-256-10_b128 workload), as {m, n, k,
// transA, transB}: the forward products, then the gradients of each
// layer's input (dy·Wᵀ) and weights (xᵀ·dy).
var mlpGemms = []struct {
	name           string
	m, n, k        int
	transA, transB bool
}{
	{"fwd1", 128, 512, 784, false, false},
	{"fwd2", 128, 256, 512, false, false},
	{"fwd3", 128, 10, 256, false, false},
	{"dx3", 128, 256, 10, false, true},
	{"dw3", 256, 10, 128, true, false},
	{"dx2", 128, 512, 256, false, true},
	{"dw2", 512, 256, 128, true, false},
	{"dw1", 784, 512, 128, true, false},
}

// BenchmarkSgemmMLP times each product of an MLP training step and reports
// its GFLOP/s.
func BenchmarkSgemmMLP(b *testing.B) {
	for _, s := range mlpGemms {
		b.Run(fmt.Sprintf("%s_%dx%dx%d", s.name, s.m, s.k, s.n), func(b *testing.B) {
			lda, ldb := s.k, s.n
			if s.transA {
				lda = s.m
			}
			if s.transB {
				ldb = s.k
			}
			x := make([]float32, s.m*s.k)
			y := make([]float32, s.k*s.n)
			for i := range x {
				x[i] = float32(i%17)/17 - 0.5
			}
			for i := range y {
				y[i] = float32(i%13)/13 - 0.5
			}
			c := make([]float32, s.m*s.n)
			Gemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, c, s.n)
			fm := startFlops()
			for b.Loop() {
				Gemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, c, s.n)
			}
			flop := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N)
			fm.report(b, flop)
		})
	}
}
