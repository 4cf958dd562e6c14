package kernels

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestPeakGFLOPS checks, for every kernel set this machine runs, that
// PeakGFLOPS measures something exactly when the set is a SIMD one, on
// the vector width of its kernels. It asserts no speed: the machine may be
// busy.
func TestPeakGFLOPS(t *testing.T) {
	defer useKernelSet(kernelSetName())
	want := map[string]int{"avx512": 512, "avx2": 256}
	for _, ks := range kernelSets {
		useKernelSet(ks.name)
		got, bits := PeakGFLOPS(2, 1, time.Millisecond), PeakVectorBits()
		if bits != want[ks.name] {
			t.Errorf("%s kernels: PeakVectorBits() = %d, want %d", ks.name, bits, want[ks.name])
		}
		if bits == 0 && got != 0 || bits != 0 && !(got > 0) {
			t.Errorf("%s kernels: PeakGFLOPS(2, 1, 1ms) = %v", ks.name, got)
		}
	}
}

// BenchmarkPeak runs the peak loop on GOMAXPROCS goroutines at once and
// reports their combined GFLOP/s: with -cpu 1,2 the 1- and 2-thread peaks
// that the Gemm benchmarks' GFLOP/s compare with.
func BenchmarkPeak(b *testing.B) {
	loop, flop := peakLoop()
	if loop == nil {
		b.Skip("no SIMD kernels")
	}
	w := runtime.GOMAXPROCS(0)
	const n = 100000 // about 2 ms: the goroutines' start-up does not show
	fm := startFlops()
	for b.Loop() {
		var wg sync.WaitGroup
		wg.Add(w)
		for range w {
			go func() {
				defer wg.Done()
				loop(n)
			}()
		}
		wg.Wait()
	}
	fm.report(b, float64(w)*n*flop*float64(b.N))
}
