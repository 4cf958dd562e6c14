package main

import (
	"testing"
)

// BenchmarkConvMNISTStep times one training step (TrainOnBatch) of the
// conv_mnistcnn_b128 workload, reporting samples per second, for
// profiling with -cpuprofile, and the process's CPU time per step (which,
// unlike the wall time, hardly depends on other processes competing for
// the cores).
func BenchmarkConvMNISTStep(b *testing.B) {
	m, xs, ys, err := convBenchSetup()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 3; i++ { // warm-up: graph building and buffers
		if _, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)]); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N*convBatch)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/step")
}
