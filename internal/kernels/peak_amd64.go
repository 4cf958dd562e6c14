//go:build amd64 && !purego

package kernels

// peakKernel returns the assembly peak loop for the vectors of the kernel
// set Gemm uses, the floating-point operations of one of its iterations
// (rounds × accumulators × lanes × 2) and the vector width in bits; nil
// for the portable set.
func peakKernel() (func(n int), float64, int) {
	switch kernelSetName() {
	case "avx512":
		return func(n int) { peakAVX512(n) }, 8 * 16 * 16 * 2, 512
	case "avx2":
		return func(n int) { peakAVX2(n) }, 8 * 12 * 8 * 2, 256
	}
	return nil, 0, 0
}
