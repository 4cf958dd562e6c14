package tensor

import (
	"fmt"
	"testing"
)

// BenchmarkDTypes times the float ops whose float64 form should keep up
// with the float32 one (at most about twice the time per element, for half
// the SIMD lanes): the activations, softmax over the last and the first
// axis, and the Max, Min, Mean and Variance reductions over either axis,
// on a (128, 512) activation and (128, 10) logits. Each sub-benchmark
// reports ns/elem, the time per input element; run it with -cpu 1 to
// compare the kernels without the parallel split.
func BenchmarkDTypes(b *testing.B) {
	ops := []struct {
		name string
		out  func(rows, cols int) []int // the result's shape
		f    func(dst, x *Tensor)
	}{
		{"Exp", same2, ExpInto},
		{"Sigmoid", same2, SigmoidInto},
		{"Tanh", same2, TanhInto},
		{"Softmax1", same2, func(d, x *Tensor) { SoftmaxInto(d, x, 1) }},
		{"Softmax0", same2, func(d, x *Tensor) { SoftmaxInto(d, x, 0) }},
		{"LogSoftmax1", same2, func(d, x *Tensor) { LogSoftmaxInto(d, x, 1) }},
		{"Max1", rowsOf, func(d, x *Tensor) { MaxInto(d, x, []int{1}, false) }},
		{"Max0", colsOf, func(d, x *Tensor) { MaxInto(d, x, []int{0}, false) }},
		{"Min1", rowsOf, func(d, x *Tensor) { MinInto(d, x, []int{1}, false) }},
		{"Min0", colsOf, func(d, x *Tensor) { MinInto(d, x, []int{0}, false) }},
		{"Mean1", rowsOf, func(d, x *Tensor) { MeanInto(d, x, []int{1}, false) }},
		{"Mean0", colsOf, func(d, x *Tensor) { MeanInto(d, x, []int{0}, false) }},
		{"Variance1", rowsOf, func(d, x *Tensor) { VarianceInto(d, x, []int{1}, false) }},
		{"Variance0", colsOf, func(d, x *Tensor) { VarianceInto(d, x, []int{0}, false) }},
	}
	for _, op := range ops {
		for _, sz := range [][2]int{{128, 512}, {128, 10}} {
			for _, dt := range []DType{Float32, Float64} {
				b.Run(fmt.Sprintf("%s/%dx%d/%v", op.name, sz[0], sz[1], dt), func(b *testing.B) {
					x := redRandom(newRedRand(), dt, sz[0], sz[1])
					dst := New(dt, op.out(sz[0], sz[1])...)
					b.ReportAllocs()
					for b.Loop() {
						op.f(dst, x)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sz[0]*sz[1]), "ns/elem")
				})
			}
		}
	}
}

func same2(rows, cols int) []int  { return []int{rows, cols} }
func rowsOf(rows, cols int) []int { return []int{rows} }
func colsOf(rows, cols int) []int { return []int{cols} }
