package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForCoversEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 100, 1001, 100000} {
		for _, grain := range []int{0, 1, 3, 64, 5000} {
			seen := make([]int32, n)
			For(n, grain, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d grain=%d: index %d visited %d times", n, grain, i, c)
				}
			}
		}
	}
}

func TestNestedForDoesNotDeadlock(t *testing.T) {
	var total atomic.Int64
	For(64, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			For(64, 1, func(lo, hi int) { total.Add(int64(hi - lo)) })
		}
	})
	if total.Load() != 64*64 {
		t.Fatalf("total = %d, want %d", total.Load(), 64*64)
	}
}

func TestChunks(t *testing.T) {
	var calls, sum atomic.Int64
	Chunks(10, 3, func(lo, hi int) { calls.Add(1); sum.Add(int64(hi - lo)) })
	if sum.Load() != 10 {
		t.Fatalf("covered %d elements, want 10", sum.Load())
	}
	if calls.Load() > 3 && Workers() > 1 {
		t.Fatalf("%d calls, want at most 3", calls.Load())
	}
}

// Jobs are reused from loop to loop; tickets that outlive their loop must
// not disturb later loops. Many short loops in a row, from several
// goroutines at once, must each still cover every index exactly once.
func TestReusedJobsStayIndependent(t *testing.T) {
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for r := 0; r < 500; r++ {
				n := 2 + r%37
				seen := make([]int32, n)
				For(n, 1, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&seen[i], 1)
					}
				})
				for _, c := range seen {
					ok = ok && c == 1
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Fatal("an index was not visited exactly once")
		}
	}
}

// A loop allocates nothing but the closure its caller makes.
func TestForAllocatesNoJob(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	if Workers() == 1 {
		t.Skip("one worker: loops run serially")
	}
	var sink atomic.Int64
	fn := func(lo, hi int) { sink.Add(int64(hi - lo)) }
	For(1000, 1, fn)
	if a := testing.AllocsPerRun(200, func() { For(1000, 1, fn) }); a != 0 {
		t.Fatalf("For allocates %v times per call, want 0", a)
	}
}

// countTask counts the elements it is run over.
type countTask struct{ sum atomic.Int64 }

func (c *countTask) Run(lo, hi int) { c.sum.Add(int64(hi - lo)) }

func TestForTaskCoversTheLoop(t *testing.T) {
	for _, n := range []int{0, 1, 5, 1000} {
		var c countTask
		ForTask(n, 3, &c)
		if got := c.sum.Load(); got != int64(n) {
			t.Fatalf("ForTask(%d): covered %d elements", n, got)
		}
		c.sum.Store(0)
		ChunksTask(n, 3, &c)
		if got := c.sum.Load(); got != int64(n) {
			t.Fatalf("ChunksTask(%d): covered %d elements", n, got)
		}
	}
}

// A loop over a Task that the caller keeps allocates nothing at all.
func TestForTaskAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	if Workers() == 1 {
		t.Skip("one worker: loops run serially")
	}
	c := new(countTask)
	ForTask(1000, 1, c)
	if a := testing.AllocsPerRun(200, func() { ForTask(1000, 1, c) }); a != 0 {
		t.Fatalf("ForTask allocates %v times per call, want 0", a)
	}
}
