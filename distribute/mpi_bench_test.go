package distribute

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMPITiming measures the sum of a 535,818-float32 gradient (the
// 784-512-256-10 MLP's) by each SumMethod, a broadcast of it, and the sum
// of a step's 8 logged values, over 2 ranks, through shared memory and
// TCP on loopback. It runs only with NEURITE_MPI_BENCH=1:
//
//	NEURITE_MPI_BENCH=1 go test -run TestMPITiming -v ./distribute/
func TestMPITiming(t *testing.T) {
	if os.Getenv("NEURITE_MPI_BENCH") != "1" {
		t.Skip("set NEURITE_MPI_BENCH=1 to measure")
	}
	for _, tr := range transports {
		out, err := mpirun(t, 2, tr.mca, "bench", 2*time.Minute)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "NEURITE_MPI_TIME") {
				t.Logf("%s: %s", tr.name, line)
			}
		}
	}
}

// childBench times the collectives on one rank: 7 batches of 30 calls
// each, the methods' batches interleaved so that a busy spell of the
// machine hits them alike; rank 0 prints the median and range of the
// batches' means.
func childBench(t *testing.T, m *MPI) {
	const n, batches, reps = 535818, 7, 30
	x, dst := make([]float32, n), make([]float32, n)
	small := make([]float64, 8) // a step's loss and metrics
	method := func(s SumMethod, f func() error) func() error {
		return func() error {
			must(t, m.SetSumMethod(s))
			defer func() { must(t, m.SetSumMethod(SumScatterGather)) }()
			return f()
		}
	}
	sum := func() error { return m.SumFloat32s(x) }
	into := func() error { return m.SumFloat32sInto(dst, x) }
	sumSmall := func() error { return m.SumFloat64s(small) }
	cases := []struct {
		name string
		f    func() error
	}{
		{fmt.Sprintf("SumFloat32sInto of %d float32, SumScatterGather", n), method(SumScatterGather, into)},
		{fmt.Sprintf("SumFloat32s of %d float32, SumScatterGather", n), method(SumScatterGather, sum)},
		{fmt.Sprintf("SumFloat32s of %d float32, SumReduceBcast", n), method(SumReduceBcast, sum)},
		{fmt.Sprintf("SumFloat32s of %d float32, SumAllreduce", n), method(SumAllreduce, sum)},
		{fmt.Sprintf("BroadcastFloat32s of %d float32", n), func() error { return m.BroadcastFloat32s(x) }},
		{fmt.Sprintf("SumFloat64s of %d float64, SumScatterGather (gathered)", len(small)), method(SumScatterGather, sumSmall)},
		{fmt.Sprintf("SumFloat64s of %d float64, SumReduceBcast", len(small)), method(SumReduceBcast, sumSmall)},
		{fmt.Sprintf("SumFloat64s of %d float64, SumAllreduce", len(small)), method(SumAllreduce, sumSmall)},
	}
	times := make([][]float64, len(cases)) // µs per call, one per batch
	for b := range batches {
		for k, c := range cases {
			for range 3 {
				must(t, c.f())
			}
			start := time.Now()
			for range reps {
				must(t, c.f())
			}
			if b > 0 || batches == 1 { // the first batch warms up
				times[k] = append(times[k], float64(time.Since(start).Nanoseconds())/1e3/reps)
			}
		}
	}
	if m.Rank() != 0 {
		return
	}
	for k, c := range cases {
		ts := times[k]
		slices.Sort(ts)
		fmt.Printf("NEURITE_MPI_TIME %s on %d ranks: median %.1f µs, range %.1f–%.1f µs over %d batches of %d\n",
			c.name, m.Size(), ts[len(ts)/2], ts[0], ts[len(ts)-1], len(ts), reps)
	}
}
