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
