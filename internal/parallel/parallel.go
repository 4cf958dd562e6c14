// Package parallel runs loops over all cores with one process-wide pool of
// worker goroutines, so that nested or concurrent parallel loops never
// oversubscribe the machine.
//
// A loop is cut into chunks. The calling goroutine and any idle workers claim
// chunks until none are left; the caller then waits only for chunks that are
// already running. Because the caller always works on its own loop, nested
// calls cannot deadlock even when every worker is busy.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// job is one parallel loop: chunks [0, chunks) of size grain over [0, n).
//
// Jobs are pooled so that a loop allocates no job of its own. A worker may
// take a ticket for a job long after the loop has finished (the ticket sat
// in the queue while every chunk was claimed by others), so a job is
// reference counted: the loop's caller holds one reference and every ticket
// sent holds one, and whoever drops the last reference returns the job to
// the pool. A job is therefore never reset while a ticket still points to
// it.
type job struct {
	fn     func(lo, hi int)
	n      int
	grain  int
	chunks int64
	next   atomic.Int64
	refs   atomic.Int32
	wg     sync.WaitGroup
}

// jobs holds finished jobs for reuse.
var jobs = sync.Pool{New: func() any { return new(job) }}

// release drops one reference to j, returning it to the pool after the
// last one.
func (j *job) release() {
	if j.refs.Add(-1) == 0 {
		j.fn = nil // do not keep the loop's closure alive
		jobs.Put(j)
	}
}

// run claims and executes chunks until none are left.
func (j *job) run() {
	for {
		c := j.next.Add(1) - 1
		if c >= j.chunks {
			return
		}
		lo := int(c) * j.grain
		hi := min(lo+j.grain, j.n)
		j.fn(lo, hi)
		j.wg.Done()
	}
}

var (
	startOnce sync.Once
	tickets   chan *job
	nWorkers  int
)

func start() {
	nWorkers = runtime.GOMAXPROCS(0)
	tickets = make(chan *job, 4*nWorkers)
	for i := 1; i < nWorkers; i++ {
		go func() {
			for j := range tickets {
				j.run()
				j.release()
			}
		}()
	}
}

// Workers returns the number of goroutines that share parallel loops: the
// value of GOMAXPROCS when the pool started.
func Workers() int {
	startOnce.Do(start)
	return nWorkers
}

// For calls fn(lo, hi) over disjoint ranges that together cover [0, n),
// running them on the pool's workers and on the calling goroutine. Ranges
// hold at least grain elements (except the last), so that tiny loops run
// serially. For returns when every range is done. fn must be safe to call
// concurrently on disjoint ranges.
func For(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if grain < 1 {
		grain = 1
	}
	w := Workers()
	if w == 1 || n <= grain {
		fn(0, n)
		return
	}
	// Use about four chunks per worker for balance, but never below grain.
	size := max(grain, (n+4*w-1)/(4*w))
	chunks := (n + size - 1) / size
	if chunks == 1 {
		fn(0, n)
		return
	}
	j := jobs.Get().(*job)
	j.fn, j.n, j.grain, j.chunks = fn, n, size, int64(chunks)
	j.next.Store(0)
	j.refs.Store(1) // the caller's
	j.wg.Add(chunks)
	helpers := min(w-1, chunks-1)
	for i := 0; i < helpers; i++ {
		j.refs.Add(1) // the ticket's, dropped by the worker that takes it
		select {
		case tickets <- j:
		default: // every worker is busy and the queue is full: do it ourselves
			j.refs.Add(-1)
		}
	}
	j.run()
	j.wg.Wait()
	j.release()
}

// Chunks calls fn(lo, hi) over exactly parts near-equal disjoint ranges of
// [0, n) in parallel (fewer if n < parts). It suits kernels that want one
// range per worker, such as a GEMM splitting its output panels.
func Chunks(n, parts int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	parts = max(1, min(parts, n))
	size := (n + parts - 1) / parts
	For(n, size, fn)
}
