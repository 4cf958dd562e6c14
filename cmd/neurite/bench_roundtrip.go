package main

import (
	"runtime"
	"slices"
	"sync/atomic"
	"time"
)

// roundTripCounter is the counter two goroutines pass back and forth in
// coreRoundTrip, on a cache line of its own.
type roundTripCounter struct {
	_ [64]byte
	n atomic.Int64
	_ [56]byte
}

// coreRoundTrip returns the median, over reps runs of trips round trips
// each, of the time in nanoseconds for a value one thread writes to reach
// another thread and come back: two goroutines, each locked to an OS
// thread of its own, take turns raising one counter. With GOMAXPROCS 2 or
// more on an otherwise idle machine the two threads run on two cores, so
// this is the round trip of a cache line between them, which every
// parallel loop pays to start and to finish and every value one core
// writes and another reads pays in bulk. On virtual machines it may
// change from one minute to the next, as the host moves the virtual CPUs
// between nearer and farther cores (on the 2-vCPU Zen 5 of the README,
// about 170 ns or about 470 ns).
func coreRoundTrip(reps, trips int) float64 {
	c := new(roundTripCounter)
	total := int64(reps * trips)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for k := int64(0); k < total; k++ {
			for c.n.Load() != 2*k+1 {
			}
			c.n.Store(2*k + 2)
		}
		close(done)
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	times := make([]float64, reps)
	for r := range reps {
		t0 := time.Now()
		for i := range trips {
			k := int64(r*trips + i)
			c.n.Store(2*k + 1)
			for c.n.Load() != 2*k+2 {
			}
		}
		times[r] = float64(time.Since(t0).Nanoseconds()) / float64(trips)
	}
	<-done
	slices.Sort(times)
	return times[reps/2]
}

// measureRoundTrip prints the round trip between two cores (see
// coreRoundTrip) as the workload core_round_trip, when parallel loops
// use more than one thread.
func (r *benchRun) measureRoundTrip() {
	if runtime.GOMAXPROCS(0) < 2 {
		return
	}
	r.emit("core_round_trip", "ns", coreRoundTrip(r.t.rtReps, r.t.rtTrips), "ns")
}
