package graph

import (
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// The large elementwise loops of the graph's own kernels run in parallel
// through parallel.ForCached on task structs kept in parallel.TaskCaches,
// rather than through closures handed to parallel.For, which escape to the
// heap: a steady-state Run then allocates nothing. Each kernel has a task
// type holding its loop's arguments and a cache of idle ones.

// ew3Task is a loop over three slices of equal length, d, x and y, with a
// scalar a: each chunk calls f on the matching subslices.
type ew3Task[T tensor.Float] struct {
	d, x, y []T
	a       T
	f       func(d, x, y []T, a T)
}

// Run calls f on elements [lo, hi).
func (t *ew3Task[T]) Run(lo, hi int) { t.f(t.d[lo:hi], t.x[lo:hi], t.y[lo:hi], t.a) }

var ew3Tasks parallel.TaskCache

// ew3Run calls f(d, x, y, a) over the whole slices, in parallel chunks of
// at least actGrain elements when they are long enough. x and y must be at
// least as long as d. f should be a function instantiated outside generic
// code (such as reluGradLoop32): a generic function's own instantiation
// f[T] is a closure over its dictionary and would allocate.
func ew3Run[T tensor.Float](d, x, y []T, a T, f func(d, x, y []T, a T)) {
	if len(d) < 2*actGrain {
		f(d, x, y, a)
		return
	}
	parallel.ForCached(&ew3Tasks, len(d), actGrain, ew3Task[T]{d: d, x: x[:len(d)], y: y[:len(d)], a: a, f: f})
}
