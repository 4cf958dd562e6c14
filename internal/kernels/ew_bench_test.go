package kernels

import (
	"math/rand/v2"
	"testing"
)

// The elementwise benchmarks run every kernel on one core with each kernel
// set (go is the portable twin). They report bytes moved per operation
// through b.SetBytes, so the MB/s column is memory throughput; the sizes
// follow the tensor benchmarks: 1M float32 elements, (128, 1000) softmax
// rows, a (1024, 1024) matrix for sums, 535k parameters for Adam.

const ewBenchN = 1 << 20

func ewBenchData(n int) []float32 {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64() * 3)
	}
	return x
}

// benchEachSet runs f as a sub-benchmark per kernel set.
func benchEachSet(b *testing.B, bytes int, f func()) {
	def := ewSetName()
	defer useEWSet(def)
	for _, s := range ewSets {
		useEWSet(s.String())
		b.Run(s.String(), func(b *testing.B) {
			b.SetBytes(int64(bytes))
			for b.Loop() {
				f()
			}
		})
	}
}

func BenchmarkEWAdd(b *testing.B) {
	x, y, d := ewBenchData(ewBenchN), ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 12*ewBenchN, func() { Rows(OpAdd, d, x, y, 1, ewBenchN, 0, 0) })
}

func BenchmarkEWMul(b *testing.B) {
	x, y, d := ewBenchData(ewBenchN), ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 12*ewBenchN, func() { Rows(OpMul, d, x, y, 1, ewBenchN, 0, 0) })
}

func BenchmarkEWAddBias(b *testing.B) { // (1024, 1024) + (1024,)
	x, y, d := ewBenchData(ewBenchN), ewBenchData(1024), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Rows(OpAdd, d, x, y, 1024, 1024, 1024, 0) })
}

func BenchmarkEWAddBias64(b *testing.B) { // (16384, 64) + (64,)
	x, y, d := ewBenchData(ewBenchN), ewBenchData(64), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Rows(OpAdd, d, x, y, ewBenchN/64, 64, 64, 0) })
}

func BenchmarkEWMulScalar(b *testing.B) {
	x, d := ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { VecScalar(OpMul, d, x, 0.5) })
}

func BenchmarkEWRelu(b *testing.B) {
	x, d := ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Relu(d, x) })
}

func BenchmarkEWReluGrad(b *testing.B) {
	x, dy, d := ewBenchData(ewBenchN), ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 12*ewBenchN, func() { ReluGrad(d, x, dy, 0) })
}

func BenchmarkEWSigmoidGrad(b *testing.B) {
	y, dy, d := ewBenchData(ewBenchN), ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 12*ewBenchN, func() { SigmoidGrad(d, y, dy) })
}

func BenchmarkEWExp(b *testing.B) {
	x, d := ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Exp32(d, x) })
}

func BenchmarkEWSigmoid(b *testing.B) {
	x, d := ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Sigmoid32(d, x) })
}

func BenchmarkEWTanh(b *testing.B) {
	x, d := ewBenchData(ewBenchN), make([]float32, ewBenchN)
	benchEachSet(b, 8*ewBenchN, func() { Tanh32(d, x) })
}

// BenchmarkEWSoftmaxRows is the three passes of a softmax over 128 rows of
// 1000: maximum, exponentials and their sum, scaling.
func BenchmarkEWSoftmaxRows(b *testing.B) {
	const rows, n = 128, 1000
	x, d := ewBenchData(rows*n), make([]float32, rows*n)
	benchEachSet(b, 8*rows*n, func() {
		for r := 0; r < rows; r++ {
			xr, dr := x[r*n:(r+1)*n], d[r*n:(r+1)*n]
			m := Max32(xr)
			s := ExpSum32(dr, xr, m)
			VecScalar(OpMul, dr, dr, float32(1/s))
		}
	})
}

func BenchmarkEWRowSums(b *testing.B) { // (1024, 1024) over axis 1
	x := ewBenchData(ewBenchN)
	out := make([]float64, 1024)
	benchEachSet(b, 4*ewBenchN, func() {
		for r := range out {
			out[r] = Sum32(x[r*1024 : (r+1)*1024])
		}
	})
}

func BenchmarkEWColSums(b *testing.B) { // (1024, 1024) over axis 0, in blocks of 256 columns
	x := ewBenchData(ewBenchN)
	acc := make([]float64, 1024)
	benchEachSet(b, 4*ewBenchN, func() {
		clear(acc)
		for j := 0; j < 1024; j += 256 {
			ColSum(acc[j:j+256], x[j:], 1024, 1024)
		}
	})
}

func BenchmarkEWAdam(b *testing.B) {
	const n = 535000
	w, g := ewBenchData(n), ewBenchData(n)
	m, v := make([]float32, n), make([]float32, n)
	benchEachSet(b, 28*n, func() { Adam(w, m, v, g, 1e-3, 0.1, 0.001, 1e-7) })
}

func ewBenchData64(n int) []float64 {
	x := make([]float64, n)
	for i, v := range ewBenchData(n) {
		x[i] = float64(v)
	}
	return x
}

func BenchmarkEWExp64(b *testing.B) {
	x, d := ewBenchData64(ewBenchN), make([]float64, ewBenchN)
	benchEachSet(b, 16*ewBenchN, func() { Exp64(d, x) })
}

func BenchmarkEWSigmoid64(b *testing.B) {
	x, d := ewBenchData64(ewBenchN), make([]float64, ewBenchN)
	benchEachSet(b, 16*ewBenchN, func() { Sigmoid64(d, x) })
}

func BenchmarkEWTanh64(b *testing.B) {
	x, d := ewBenchData64(ewBenchN), make([]float64, ewBenchN)
	benchEachSet(b, 16*ewBenchN, func() { Tanh64(d, x) })
}

func BenchmarkEWRowMax(b *testing.B) { // (1024, 1024) over axis 1
	x := ewBenchData(ewBenchN)
	out := make([]float32, 1024)
	benchEachSet(b, 4*ewBenchN, func() {
		for r := range out {
			out[r] = Max(x[r*1024 : (r+1)*1024])
		}
	})
}

func BenchmarkEWColMax(b *testing.B) { // (1024, 1024) over axis 0, in blocks of 256 columns
	x := ewBenchData(ewBenchN)
	out := make([]float32, 1024)
	benchEachSet(b, 4*ewBenchN, func() {
		for j := 0; j < 1024; j += 256 {
			ColMax(out[j:j+256], x[j:], 1024, 1024)
		}
	})
}

func BenchmarkEWColMax64(b *testing.B) { // (1024, 1024) float64 over axis 0, in blocks of 256 columns
	x32 := ewBenchData(ewBenchN)
	x := make([]float64, len(x32))
	for i, v := range x32 {
		x[i] = float64(v)
	}
	out := make([]float64, 1024)
	benchEachSet(b, 8*ewBenchN, func() {
		for j := 0; j < 1024; j += 256 {
			ColMax(out[j:j+256], x[j:], 1024, 1024)
		}
	})
}
