package graph

import (
	"sync"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// ew3Task is a parallel loop over three slices of equal length, d, x and
// y, with a scalar a: each chunk calls f on the matching subslices. Tasks
// are pooled, so such a loop allocates nothing (a closure handed to
// parallel.For would escape to the heap).
type ew3Task[T tensor.Float] struct {
	d, x, y []T
	a       T
	f       func(d, x, y []T, a T)
}

// Run calls f on elements [lo, hi).
func (t *ew3Task[T]) Run(lo, hi int) { t.f(t.d[lo:hi], t.x[lo:hi], t.y[lo:hi], t.a) }

// ew3Pools hold idle tasks for float32 and float64.
var ew3Pools = [2]sync.Pool{
	{New: func() any { return new(ew3Task[float32]) }},
	{New: func() any { return new(ew3Task[float64]) }},
}

// ew3Run calls f(d, x, y, a) over the whole slices, in parallel chunks of
// at least actGrain elements when they are long enough. x and y must be at
// least as long as d. f should be a function instantiated outside generic
// code (such as reluGradLoop[float32]): a generic function's own
// instantiation f[T] is a closure over its dictionary and would allocate.
func ew3Run[T tensor.Float](d, x, y []T, a T, f func(d, x, y []T, a T)) {
	if len(d) < 2*actGrain {
		f(d, x, y, a)
		return
	}
	var z T
	pool := &ew3Pools[0]
	if _, ok := any(z).(float64); ok {
		pool = &ew3Pools[1]
	}
	t := pool.Get().(*ew3Task[T])
	t.d, t.x, t.y, t.a, t.f = d, x[:len(d)], y[:len(d)], a, f
	parallel.ForTask(len(d), actGrain, t)
	*t = ew3Task[T]{} // keep no reference to the buffers
	pool.Put(t)
}
