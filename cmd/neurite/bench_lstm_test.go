package main

import "testing"

func TestBenchLSTM(t *testing.T) {
	lines := benchLines(t, "--quick", "--workloads", "lstm")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %v", len(lines), lines)
	}
	checkLine(t, lines[0], "lstm_seq64_h128_b64", "samples_per_sec", "samples/s")
}

// BenchmarkLSTMWorkload times the steps of "neurite bench lstm" (the
// public API: layers.LSTM in a Sequential model, TrainOnBatch), one step
// per op, after the workload's warm-up. Besides samples/s it reports the
// process's CPU time per step, which with -cpu 1 measures the work even on
// a machine shared with other jobs (compare graph's
// BenchmarkLSTMSeq64H128B64, the same step built by hand in the graph).
func BenchmarkLSTMWorkload(b *testing.B) {
	m, xs, ys, err := newLSTMWorkload()
	if err != nil {
		b.Fatal(err)
	}
	k := 0
	step := func() {
		if _, err := m.TrainOnBatch(xs[k%len(xs)], ys[k%len(ys)]); err != nil {
			b.Fatal(err)
		}
		k++
	}
	for k < 5 { // the workload's warm-up
		step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		step()
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(lstmBatch*b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
}
