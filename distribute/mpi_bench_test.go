package distribute

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMPITiming measures the sum of a 535,818-float32 gradient (the
// 784-512-256-10 MLP's) over 2 ranks, through shared memory and TCP on
// loopback. It runs only with NEURITE_MPI_BENCH=1:
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

// childBench times the collectives on one rank; rank 0 prints the means.
func childBench(t *testing.T, m *MPI) {
	const n, reps = 535818, 50
	x := make([]float32, n)
	for _, c := range []struct {
		name string
		f    func([]float32) error
	}{{"SumFloat32s (Reduce+Bcast)", m.SumFloat32s}, {"SumFloat32s (Allreduce)", func(x []float32) error {
		m.UseAllreduce(true)
		defer m.UseAllreduce(false)
		return m.SumFloat32s(x)
	}}, {"BroadcastFloat32s", m.BroadcastFloat32s}} {
		for range 5 {
			must(t, c.f(x))
		}
		start := time.Now()
		for range reps {
			must(t, c.f(x))
		}
		if m.Rank() == 0 {
			fmt.Printf("NEURITE_MPI_TIME %s of %d float32 on %d ranks: %.0f µs\n", c.name, n, m.Size(), float64(time.Since(start).Microseconds())/reps)
		}
	}
	small := make([]float64, 8) // a step's loss and metrics
	start := time.Now()
	for range 10 * reps {
		must(t, m.SumFloat64s(small))
	}
	if m.Rank() == 0 {
		fmt.Printf("NEURITE_MPI_TIME SumFloat64s of %d float64 on %d ranks: %.1f µs\n", len(small), m.Size(), float64(time.Since(start).Microseconds())/(10*reps))
	}
}
