package tensor

import "testing"

// benchReduce times an Into reduction of x, reporting input bytes per op.
func benchReduce(b *testing.B, x *Tensor, f func()) {
	b.SetBytes(int64(x.Size() * x.DType().Size()))
	b.ReportAllocs()
	for b.Loop() {
		f()
	}
}

func BenchmarkSumAxis0_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { SumInto(dst, x, []int{0}, false) })
}

func BenchmarkSumAxis1_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { SumInto(dst, x, []int{1}, false) })
}

func BenchmarkSumAll_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32)
	benchReduce(b, x, func() { SumInto(dst, x, nil, false) })
}

func BenchmarkMaxAxis1_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { MaxInto(dst, x, []int{1}, false) })
}

func BenchmarkMaxAxis0_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { MaxInto(dst, x, []int{0}, false) })
}

func BenchmarkMaxAxis0_1024x1024_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 1024, 1024)
	dst := New(Float64, 1024)
	benchReduce(b, x, func() { MaxInto(dst, x, []int{0}, false) })
}

func BenchmarkMinAxis1_1024x1024_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 1024, 1024)
	dst := New(Float64, 1024)
	benchReduce(b, x, func() { MinInto(dst, x, []int{1}, false) })
}

func BenchmarkVarianceAxis0_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { VarianceInto(dst, x, []int{0}, false) })
}

func BenchmarkVarianceAxis1_1024x1024(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1024, 1024)
	dst := New(Float32, 1024)
	benchReduce(b, x, func() { VarianceInto(dst, x, []int{1}, false) })
}

func BenchmarkVarianceAxis0_1024x1024_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 1024, 1024)
	dst := New(Float64, 1024)
	benchReduce(b, x, func() { VarianceInto(dst, x, []int{0}, false) })
}

func BenchmarkVarianceAxis1_1024x1024_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 1024, 1024)
	dst := New(Float64, 1024)
	benchReduce(b, x, func() { VarianceInto(dst, x, []int{1}, false) })
}

func BenchmarkArgMaxAxis1_128x1000(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 128, 1000)
	dst := New(Int64, 128)
	benchReduce(b, x, func() { ArgMaxInto(dst, x, 1, false) })
}

func BenchmarkSumGather_64x64x64(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 64, 64, 64)
	dst := New(Float32, 64)
	benchReduce(b, x, func() { SumInto(dst, x, []int{0, 2}, false) })
}

func BenchmarkSoftmaxRows_128x1000(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 128, 1000)
	dst := New(Float32, 128, 1000)
	benchReduce(b, x, func() { SoftmaxInto(dst, x, 1) })
}

func BenchmarkLogSoftmaxRows_128x1000(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 128, 1000)
	dst := New(Float32, 128, 1000)
	benchReduce(b, x, func() { LogSoftmaxInto(dst, x, 1) })
}

func BenchmarkSoftmaxCols_1000x128(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1000, 128)
	dst := New(Float32, 1000, 128)
	benchReduce(b, x, func() { SoftmaxInto(dst, x, 0) })
}

func BenchmarkLogSoftmaxCols_1000x128(b *testing.B) {
	x := redRandom(newRedRand(), Float32, 1000, 128)
	dst := New(Float32, 1000, 128)
	benchReduce(b, x, func() { LogSoftmaxInto(dst, x, 0) })
}

func BenchmarkSoftmaxCols_1000x128_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 1000, 128)
	dst := New(Float64, 1000, 128)
	benchReduce(b, x, func() { SoftmaxInto(dst, x, 0) })
}

func BenchmarkSoftmaxRows_128x1000_Float64(b *testing.B) {
	x := redRandom(newRedRand(), Float64, 128, 1000)
	dst := New(Float64, 128, 1000)
	benchReduce(b, x, func() { SoftmaxInto(dst, x, 1) })
}
