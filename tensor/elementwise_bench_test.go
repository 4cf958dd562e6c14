package tensor

import "testing"

// The benchmarks report throughput through b.SetBytes: one "byte" per
// output element, so the MB/s column reads as millions of elements per
// second.

const ewBenchN = 1 << 20

func ewBenchTensor(shape ...int) *Tensor {
	t := New(Float32, shape...)
	d := t.Float32s()
	for i := range d {
		d[i] = float32(i%2001-1000) / 250
	}
	return t
}

func BenchmarkAddSameShape1M(b *testing.B) {
	x, y, dst := ewBenchTensor(ewBenchN), ewBenchTensor(ewBenchN), New(Float32, ewBenchN)
	b.SetBytes(ewBenchN)
	for b.Loop() {
		AddInto(dst, x, y)
	}
}

func BenchmarkAddBiasRow1024x1024(b *testing.B) {
	x, bias, dst := ewBenchTensor(1024, 1024), ewBenchTensor(1024), New(Float32, 1024, 1024)
	b.SetBytes(1024 * 1024)
	for b.Loop() {
		AddInto(dst, x, bias)
	}
}

func BenchmarkAddColumn1024x1024(b *testing.B) {
	x, col, dst := ewBenchTensor(1024, 1024), ewBenchTensor(1024, 1), New(Float32, 1024, 1024)
	b.SetBytes(1024 * 1024)
	for b.Loop() {
		AddInto(dst, x, col)
	}
}

func BenchmarkMulScalar1M(b *testing.B) {
	x, dst := ewBenchTensor(ewBenchN), New(Float32, ewBenchN)
	b.SetBytes(ewBenchN)
	for b.Loop() {
		MulScalarInto(dst, x, 0.5)
	}
}

func BenchmarkAddSmall64x64(b *testing.B) {
	x, bias, dst := ewBenchTensor(64, 64), ewBenchTensor(64), New(Float32, 64, 64)
	b.SetBytes(64 * 64)
	for b.Loop() {
		AddInto(dst, x, bias)
	}
}

func BenchmarkRelu1M(b *testing.B)    { ewBenchUnary(b, ReluInto) }
func BenchmarkSigmoid1M(b *testing.B) { ewBenchUnary(b, SigmoidInto) }
func BenchmarkExp1M(b *testing.B)     { ewBenchUnary(b, ExpInto) }
func BenchmarkTanh1M(b *testing.B)    { ewBenchUnary(b, TanhInto) }

func ewBenchUnary(b *testing.B, f func(dst, t *Tensor)) {
	x, dst := ewBenchTensor(ewBenchN), New(Float32, ewBenchN)
	b.SetBytes(ewBenchN)
	for b.Loop() {
		f(dst, x)
	}
}

func BenchmarkWhere1M(b *testing.B) {
	c, x, y, dst := ewBenchTensor(ewBenchN), ewBenchTensor(ewBenchN), ewBenchTensor(1), New(Float32, ewBenchN)
	b.SetBytes(ewBenchN)
	for b.Loop() {
		WhereInto(dst, c, x, y)
	}
}
