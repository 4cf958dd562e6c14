package parallel

import "sync"

// A TaskCache keeps idle task structs for reuse, so that a loop run through
// ForTask needs no new Task each time. Unlike a sync.Pool it keeps its
// items across garbage collections and does not tie them to a processor: a
// goroutine that waits for a parallel loop may resume on another
// processor, and would then miss an item a sync.Pool had kept for the
// first one (and allocate). It may hold structs of several types (such as
// one task type instantiated for float32 and float64); GetTask returns one
// of the type asked for. The zero value is an empty cache, safe for
// concurrent use.
type TaskCache struct {
	mu   sync.Mutex
	free []any
}

// taskCacheSize is the most idle tasks a TaskCache keeps: enough for
// nested and concurrent loops.
const taskCacheSize = 32

// GetTask returns an idle *S from c, or a new zero one.
func GetTask[S any](c *TaskCache) *S {
	c.mu.Lock()
	for i := len(c.free) - 1; i >= 0; i-- {
		if t, ok := c.free[i].(*S); ok {
			last := len(c.free) - 1
			c.free[i] = c.free[last]
			c.free[last] = nil
			c.free = c.free[:last]
			c.mu.Unlock()
			return t
		}
	}
	c.mu.Unlock()
	return new(S)
}

// Put returns the task t (a pointer) to c, dropping it if c is full.
func (c *TaskCache) Put(t any) {
	c.mu.Lock()
	if len(c.free) < taskCacheSize {
		c.free = append(c.free, t)
	}
	c.mu.Unlock()
}

// ForCached runs the loop ForTask(n, grain, p) with p a *S from c set to
// t, then zeroes *p (so that c keeps no reference to the loop's data) and
// returns it to c. It is the allocation-free way to run a loop whose state
// is a small struct S with a Run method on *S: after the first call, a
// call allocates nothing.
func ForCached[S any, P interface {
	*S
	Task
}](c *TaskCache, n, grain int, t S) {
	p := P(GetTask[S](c))
	*p = t
	ForTask(n, grain, p)
	var zero S
	*p = zero
	c.Put(p)
}
