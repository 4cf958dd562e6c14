package kernels

import "testing"

// A flopMeter reports a benchmark's GFLOP/s and, where the process's CPU
// time can be read, its GFLOP per CPU-second ("GFLOP/cpu-s"). On a
// machine shared with other processes the second is the steadier figure:
// time the benchmark spends descheduled does not count, so it compares
// kernels by the work they get done on the CPU they are given (BenchmarkPeak
// reports the same ceiling per CPU-second).
type flopMeter struct{ cpu0 float64 }

// startFlops starts measuring; call it just before the timed loop.
func startFlops() flopMeter { return flopMeter{cpu0: processCPU()} }

// report reports the metrics for flop floating-point operations done in
// the timed loop.
func (m flopMeter) report(b *testing.B, flop float64) {
	b.ReportMetric(flop/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := processCPU() - m.cpu0; m.cpu0 > 0 && cpu > 0 {
		b.ReportMetric(flop/cpu/1e9, "GFLOP/cpu-s")
	}
}
