package graph

import (
	"sync"

	"github.com/neurite/neurite/tensor"
)

// scratchCache keeps the scratch slices of the window kernels (im2col
// matrices) across Runs. Like the GEMM's packing-buffer cache it is a plain
// free list, not a sync.Pool, so a training loop does not lose its buffers
// (and allocate fresh ones of megabytes) at every garbage collection. It
// holds no per-node state: any kernel call takes any idle buffer. The zero
// value is empty and safe for concurrent use.
type scratchCache[T any] struct {
	mu   sync.Mutex
	free []*[]T
}

// scratchCacheSize is the most idle buffers a scratchCache keeps: enough
// for a few sessions running at once.
const scratchCacheSize = 8

// get returns a buffer of n elements (of unspecified contents): the
// smallest idle one that is large enough, or a new one.
func (c *scratchCache[T]) get(n int) *[]T {
	c.mu.Lock()
	best := -1
	for i, p := range c.free {
		if cap(*p) >= n && (best < 0 || cap(*p) < cap(*c.free[best])) {
			best = i
		}
	}
	var p *[]T
	if best >= 0 {
		p = c.free[best]
		last := len(c.free) - 1
		c.free[best] = c.free[last]
		c.free[last] = nil
		c.free = c.free[:last]
	}
	c.mu.Unlock()
	if p == nil {
		s := make([]T, n)
		return &s
	}
	*p = (*p)[:n]
	return p
}

// put returns a buffer to the cache. When the cache is full it keeps the
// larger buffers.
func (c *scratchCache[T]) put(p *[]T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.free) < scratchCacheSize {
		c.free = append(c.free, p)
		return
	}
	small := 0
	for i, q := range c.free {
		if cap(*q) < cap(*c.free[small]) {
			small = i
		}
	}
	if cap(*c.free[small]) < cap(*p) {
		c.free[small] = p
	}
}

var (
	scratch32 scratchCache[float32]
	scratch64 scratchCache[float64]
)

// scratchFor returns the scratch cache for element type T.
func scratchFor[T tensor.Float]() *scratchCache[T] {
	var zero T
	if _, ok := any(zero).(float32); ok {
		return any(&scratch32).(*scratchCache[T])
	}
	return any(&scratch64).(*scratchCache[T])
}
