package tensor

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
)

// The Into forms must not allocate on their parallel paths either: these
// sizes are above twice the parallel grains, so with more than one worker
// every case below runs a pooled parallel task.
func TestParallelIntoDoesNotAllocate(t *testing.T) {
	if ewtRace {
		t.Skip("the race detector makes sync.Pool drop tasks at random")
	}
	if parallel.Workers() == 1 {
		t.Skip("one worker: no parallel path")
	}
	r := rand.New(rand.NewPCG(5, 6))
	const m, n = 512, 512
	x32, y32 := redRandom(r, Float32, m, n), redRandom(r, Float32, m, n)
	x64, y64 := redRandom(r, Float64, m, n), redRandom(r, Float64, m, n)
	xi := New(Int64, m, n)
	bias, col := redRandom(r, Float32, n), redRandom(r, Float32, m, 1)
	d32, d64, di := New(Float32, m, n), New(Float64, m, n), New(Int64, m, n)
	rows, cols, idx := New(Float32, m), New(Float32, n), New(Int64, n)
	axis0, axis1 := []int{0}, []int{1} // a literal in the closures would allocate
	cases := map[string]func(){
		"AddInto float32":      func() { AddInto(d32, x32, y32) },
		"MulInto float64":      func() { MulInto(d64, x64, y64) },
		"AddInto bias row":     func() { AddInto(d32, x32, bias) },
		"SubInto column":       func() { SubInto(d32, x32, col) },
		"AddInto int64":        func() { AddInto(di, xi, xi) },
		"MaximumInto":          func() { MaximumInto(d32, x32, bias) },
		"GreaterInto":          func() { GreaterInto(d32, x32, y32) },
		"WhereInto":            func() { WhereInto(d32, x32, y32, bias) },
		"MulScalarInto":        func() { MulScalarInto(d32, x32, 0.5) },
		"ExpInto":              func() { ExpInto(d32, x32) },
		"ReluInto int64":       func() { ReluInto(di, xi) },
		"LogInto float64":      func() { LogInto(d64, x64) },
		"ClipInto":             func() { ClipInto(d32, x32, -1, 1) },
		"CastInto":             func() { CastInto(d64, x32) },
		"CastInto float→int64": func() { CastInto(di, x64) },
		"SumInto rows":         func() { SumInto(rows, x32, axis1, false) },
		"SumInto cols":         func() { SumInto(cols, x32, axis0, false) },
		"MeanInto cols":        func() { MeanInto(cols, x32, axis0, false) },
		"MaxInto rows":         func() { MaxInto(rows, x32, axis1, false) },
		"ArgMaxInto":           func() { ArgMaxInto(idx, x32, 0, false) },
		"SoftmaxInto rows":     func() { SoftmaxInto(d32, x32, -1) },
		"LogSoftmaxInto cols":  func() { LogSoftmaxInto(d64, x64, 0) },
	}
	for name, f := range cases {
		f()
		runtime.GC() // finish any collection the set-up started: it would empty the pools
		if allocs := testing.AllocsPerRun(20, f); allocs > 0 {
			t.Errorf("%s allocates %v times per call", name, allocs)
		}
	}
}

// The parallel paths compute what the serial ones do: each row of a large
// operation equals the operation on that row alone (small enough to run
// serially).
func TestParallelMatchesSerial(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const m, n = 300, 700
	x, y := redRandom(r, Float32, m, n), redRandom(r, Float32, m, n)
	bias := redRandom(r, Float32, n)
	ops := map[string]func(x, y *Tensor) *Tensor{
		"Add":        Add,
		"Sub bias":   func(x, _ *Tensor) *Tensor { return Sub(x, bias) },
		"Where":      func(x, y *Tensor) *Tensor { return Where(x, y, bias) },
		"Tanh":       func(x, _ *Tensor) *Tensor { return Tanh(x) },
		"Clip":       func(x, _ *Tensor) *Tensor { return Clip(x, -0.5, 0.5) },
		"Softmax":    func(x, _ *Tensor) *Tensor { return Softmax(x, -1) },
		"LogSoftmax": func(x, _ *Tensor) *Tensor { return LogSoftmax(x, -1) },
		"Sum":        func(x, _ *Tensor) *Tensor { return Sum(x, []int{1}, true) },
	}
	for name, f := range ops {
		big := f(x, y).Float32s()
		w := len(big) / m
		for i := 0; i < m; i++ {
			xr := FromSlice(x.Float32s()[i*n:(i+1)*n], 1, n)
			yr := FromSlice(y.Float32s()[i*n:(i+1)*n], 1, n)
			row := f(xr, yr).Float32s()
			for j, v := range row {
				if g := big[i*w+j]; math.Float32bits(g) != math.Float32bits(v) && !(g != g && v != v) {
					t.Fatalf("%s: element (%d, %d) = %v in parallel, %v serially", name, i, j, g, v)
				}
			}
		}
	}
}
