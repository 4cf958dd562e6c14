package parallel

import (
	"sync/atomic"
	"testing"
)

// sumTask adds up its range of xs into *sum.
type sumTask[T int32 | int64] struct {
	xs  []T
	sum *atomic.Int64
}

func (t *sumTask[T]) Run(lo, hi int) {
	var s int64
	for _, v := range t.xs[lo:hi] {
		s += int64(v)
	}
	t.sum.Add(s)
}

// A TaskCache hands back structs of the type asked for, even when it holds
// several types, and new ones when it has none.
func TestTaskCacheTypes(t *testing.T) {
	var c TaskCache
	a32, a64 := GetTask[sumTask[int32]](&c), GetTask[sumTask[int64]](&c)
	c.Put(a32)
	c.Put(a64)
	if got := GetTask[sumTask[int64]](&c); got != a64 {
		t.Fatal("GetTask[int64 task] did not return the cached int64 task")
	}
	if got := GetTask[sumTask[int64]](&c); got == a64 || got == nil {
		t.Fatal("GetTask on a cache without an int64 task must return a new one")
	}
	if got := GetTask[sumTask[int32]](&c); got != a32 {
		t.Fatal("GetTask[int32 task] did not return the cached int32 task")
	}
	for i := 0; i < 2*taskCacheSize; i++ {
		c.Put(new(sumTask[int32]))
	}
	if len(c.free) != taskCacheSize {
		t.Fatalf("the cache holds %d tasks, want at most %d", len(c.free), taskCacheSize)
	}
}

// ForCached covers the loop, leaves no reference in the cache and, warm,
// allocates nothing.
func TestForCached(t *testing.T) {
	var c TaskCache
	xs := make([]int64, 10000)
	for i := range xs {
		xs[i] = int64(i)
	}
	var sum atomic.Int64
	ForCached(&c, len(xs), 100, sumTask[int64]{xs: xs, sum: &sum})
	if want := int64(len(xs)) * int64(len(xs)-1) / 2; sum.Load() != want {
		t.Fatalf("sum = %d, want %d", sum.Load(), want)
	}
	if p := c.free[0].(*sumTask[int64]); p.xs != nil || p.sum != nil {
		t.Fatal("the cached task still references the loop's data")
	}
	if Workers() > 1 && !raceEnabled {
		a := testing.AllocsPerRun(100, func() { ForCached(&c, len(xs), 100, sumTask[int64]{xs: xs, sum: &sum}) })
		if a != 0 {
			t.Fatalf("ForCached allocates %v times per call", a)
		}
	}
}
