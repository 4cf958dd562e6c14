//go:build !amd64 || purego

package kernels

// peakKernel reports that there is no peak loop: without assembly Gemm
// has no SIMD kernels whose ceiling it would measure.
func peakKernel() (func(n int), float64, int) { return nil, 0, 0 }
