package kernels

import (
	"runtime"
	"sort"
	"sync"
	"time"
)

// PeakGFLOPS measures the float32 peak of this machine as Gemm sees it:
// the throughput, in GFLOP/s, of threads goroutines (each locked to its
// own OS thread) all running a loop of independent fused multiply-adds
// on the widest vectors Gemm's kernels use (512-bit with the AVX-512
// kernels, 256-bit with the AVX2 ones), which is the most any GEMM
// kernel on those vectors can reach. It is the median of reps runs, each
// calibrated to last about d. It is the measurement of the peer bench
// harness's peak.c ("peak_fp32_fma512", or "peak_fp32_fma256" on a CPU
// without AVX-512), made from Go. Like any timing it reads low when other
// processes share the cores.
//
// PeakGFLOPS returns 0 when Gemm has no SIMD kernels (a pure-Go build,
// or an architecture without assembly kernels); threads and reps below 1
// count as 1.
func PeakGFLOPS(threads, reps int, d time.Duration) float64 {
	loop, flop := peakLoop()
	if loop == nil {
		return 0
	}
	threads, reps = max(1, threads), max(1, reps)
	n := 16
	for {
		t0 := time.Now()
		loop(n)
		if el := time.Since(t0); el >= d/8 {
			n = int(float64(n)*float64(d)/float64(el)) + 1
			break
		}
		n *= 4
	}
	v := make([]float64, reps)
	for r := range v {
		var wg sync.WaitGroup
		wg.Add(threads)
		t0 := time.Now()
		for t := 0; t < threads; t++ {
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				loop(n)
			}()
		}
		wg.Wait()
		v[r] = float64(threads) * float64(n) * flop / time.Since(t0).Seconds() / 1e9
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// PeakVectorBits returns the width of the vectors PeakGFLOPS measures
// (512 or 256), or 0 when it measures nothing.
func PeakVectorBits() int {
	_, _, bits := peakKernel()
	return bits
}

// peakLoop returns the peak loop PeakGFLOPS runs, which takes an
// iteration count, and the floating-point operations of one iteration;
// nil if there is none.
func peakLoop() (func(n int), float64) {
	loop, flop, _ := peakKernel()
	return loop, flop
}
