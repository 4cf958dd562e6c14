//go:build !race

package main

import "testing"

// A steady-state training step of the conv workload (TrainOnBatch of
// Keras's MNIST convnet at batch 128: forward, backward, Adam, the loss
// read back) allocates nothing on the Go heap. Not under the race
// detector, which allocates in parallel loops.
func TestConvStepAllocatesNothing(t *testing.T) {
	m, xs, ys, err := convBenchSetup()
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	step := func() {
		if _, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)]); err != nil {
			t.Fatal(err)
		}
		i++
	}
	for range 2 { // graph building and buffers
		step()
	}
	if a := testing.AllocsPerRun(5, step); a != 0 {
		t.Fatalf("a training step allocates %v times", a)
	}
}
