// Package parallel runs loops over all cores with one process-wide pool of
// worker goroutines, so that nested or concurrent parallel loops never
// oversubscribe the machine.
//
// A loop is cut into chunks. The calling goroutine and any idle workers claim
// chunks until none are left; the caller then waits only for chunks that are
// already running. Because the caller always works on its own loop, nested
// calls cannot deadlock even when every worker is busy.
//
// Waking a parked goroutine costs up to a hundred microseconds or more on
// some machines (virtual machines above all), which is as long as a whole
// small loop. So a worker that finishes a loop spins for a short while
// (spinTime), polling for the next loop, before it parks; back-to-back loops, such as the
// matrix products of one training step, therefore start at once. A caller
// that has run out of chunks likewise spins a while for the chunks still
// running before it parks. An idle pool has parked every worker and uses
// no CPU.
//
// The loop body is either a function ([For]) or a [Task] ([ForTask]): a
// Task that the caller keeps in a reusable object (a pooled or cached
// pointer) lets a loop run without any heap allocation, where the closure
// handed to For usually escapes to the heap.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A Task is the body of a parallel loop: ForTask calls Run(lo, hi) on
// disjoint ranges that together cover the loop. Run must be safe to call
// concurrently on disjoint ranges. Holding per-loop state in a reusable
// Task (a pointer to a pooled or cached struct) instead of a closure lets
// a loop run without allocating.
type Task interface {
	Run(lo, hi int)
}

// funcTask adapts a loop function to Task. A func value is pointer-shaped,
// so converting one to a Task allocates nothing.
type funcTask func(lo, hi int)

// Run calls f(lo, hi).
func (f funcTask) Run(lo, hi int) { f(lo, hi) }

// spinTime is how long an idle worker polls for a new loop before it
// parks, and how long a caller whose chunks are done polls for the others
// before it parks. Loops that follow each other more closely than this
// start without waking anyone. Between the large matrix products of a
// training step there are stretches of small serial steps (a loss, bias
// gradients, products too small to split) of 100-300 µs; waking a parked
// worker takes 130-160 µs on the VM this was tuned on, so a worker that
// parked in such a stretch joined the next product that much late. The
// cost of spinning is bounded: at most this much CPU time after the last
// loop of a burst.
const spinTime = 500 * time.Microsecond

// A spinning goroutine reads the clock every checkEvery polls and calls
// runtime.Gosched every yieldEvery polls (a few microseconds), so that
// other goroutines queued on its processor (such as a loop's caller that
// parked and was woken there) still run soon. Yielding more often costs:
// runtime.Gosched takes the scheduler's global lock.
const (
	checkEvery = 64
	yieldEvery = 1024
)

// job is one parallel loop: chunks [0, chunks) of size grain over [0, n).
//
// Jobs are reused so that a loop allocates no job of its own. A worker may
// take a ticket for a job long after the loop has finished (the ticket sat
// in the queue while every chunk was claimed by others), so a job is
// reference counted: the loop's caller holds one reference and every ticket
// sent holds one, and whoever drops the last reference returns the job to
// the free list. A job is therefore never reset while a ticket still points to
// it.
type job struct {
	task   Task
	n      int
	grain  int
	chunks int64
	next   atomic.Int64 // next chunk to claim
	left   atomic.Int64 // chunks not finished yet
	refs   atomic.Int32
	wg     sync.WaitGroup // counts unfinished chunks too, for a caller that parks
}

// jobs holds finished jobs for reuse. It is a plain free list rather than
// a sync.Pool: a job is often released on another processor than the one
// whose goroutine will start the next loop, and a sync.Pool would then
// miss it and allocate.
var jobs struct {
	mu   sync.Mutex
	free []*job
}

// getJob returns an idle job, or a new one.
func getJob() *job {
	jobs.mu.Lock()
	var j *job
	if n := len(jobs.free); n > 0 {
		j = jobs.free[n-1]
		jobs.free = jobs.free[:n-1]
	}
	jobs.mu.Unlock()
	if j == nil {
		j = new(job)
	}
	return j
}

// release drops one reference to j, returning it to the free list after
// the last one.
func (j *job) release() {
	if j.refs.Add(-1) == 0 {
		j.task = nil // do not keep the loop's state alive
		jobs.mu.Lock()
		if len(jobs.free) < 4*nWorkers+16 {
			jobs.free = append(jobs.free, j)
		}
		jobs.mu.Unlock()
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
		j.task.Run(lo, hi)
		// Done before the decrement: a caller that sees left reach zero
		// then finds the WaitGroup at zero too and does not park.
		j.wg.Done()
		j.left.Add(-1)
	}
}

// wait returns when every chunk of j has finished, spinning for up to
// spinTime before parking.
func (j *job) wait() {
	start := time.Now()
	for i := 1; j.left.Load() > 0; i++ {
		if !keepSpinning(i, start) {
			break
		}
	}
	j.wg.Wait()
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
		go worker()
	}
}

// worker runs the loops it gets tickets for. After each it polls for the
// next one for spinTime, and parks on the ticket queue only when none came.
func worker() {
	for j := range tickets {
		for j != nil {
			j.run()
			j.release()
			j = poll()
		}
	}
}

// poll returns the next ticket if one arrives within spinTime, or nil.
func poll() *job {
	start := time.Now()
	for i := 1; ; i++ {
		select {
		case j := <-tickets:
			return j
		default:
		}
		if !keepSpinning(i, start) {
			return nil
		}
	}
}

// keepSpinning is called at the i-th poll of a spin that began at start.
// It reports whether to go on, yielding the processor now and then.
func keepSpinning(i int, start time.Time) bool {
	if i%checkEvery != 0 {
		return true
	}
	if time.Since(start) > spinTime {
		return false
	}
	if i%yieldEvery == 0 {
		runtime.Gosched()
	}
	return true
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
func For(n, grain int, fn func(lo, hi int)) { ForTask(n, grain, funcTask(fn)) }

// ForTask is For with the loop body given as a Task: it calls t.Run(lo,
// hi) over disjoint ranges that together cover [0, n), each of at least
// grain elements (except the last), and returns when all are done. ForTask
// itself allocates nothing, so a loop whose Task is a reused pointer runs
// without heap allocation.
func ForTask(n, grain int, t Task) {
	if n <= 0 {
		return
	}
	if grain < 1 {
		grain = 1
	}
	w := Workers()
	if w == 1 || n <= grain {
		t.Run(0, n)
		return
	}
	// Use about four chunks per worker for balance, but never below grain.
	size := max(grain, (n+4*w-1)/(4*w))
	chunks := (n + size - 1) / size
	if chunks == 1 {
		t.Run(0, n)
		return
	}
	j := getJob()
	j.task, j.n, j.grain, j.chunks = t, n, size, int64(chunks)
	j.next.Store(0)
	j.left.Store(int64(chunks))
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
	j.wait()
	j.release()
}

// Chunks calls fn(lo, hi) over exactly parts near-equal disjoint ranges of
// [0, n) in parallel (fewer if n < parts). It suits kernels that want one
// range per worker, such as a GEMM splitting its output panels.
func Chunks(n, parts int, fn func(lo, hi int)) { ChunksTask(n, parts, funcTask(fn)) }

// ChunksTask is Chunks with the loop body given as a Task.
func ChunksTask(n, parts int, t Task) {
	if n <= 0 {
		return
	}
	parts = max(1, min(parts, n))
	size := (n + parts - 1) / parts
	ForTask(n, size, t)
}
