// Package parallel runs loops over all cores with one process-wide pool of
// worker goroutines, so that nested or concurrent parallel loops never
// oversubscribe the machine.
//
// A loop is cut into chunks. The calling goroutine and any idle workers claim
// chunks until none are left; the caller then waits only for chunks that are
// already running. Because the caller always works on its own loop, nested
// calls cannot deadlock even when every worker is busy, and a worker that
// starts late (or not at all) only finds fewer chunks left.
//
// Waking a parked goroutine costs up to a hundred microseconds or more on
// some machines (virtual machines above all), which is as long as a whole
// small loop. So a worker that finishes a loop spins for a short while,
// polling for the next loop, before it parks; back-to-back loops, such as the
// matrix products of one training step, therefore start at once. A caller
// that has run out of chunks likewise spins a while for the chunks still
// running before it parks. An idle pool has parked every worker and uses
// no CPU.
//
// The pool tolerates a busy machine (see spin.go and governor.go). Spin
// budgets adapt: they shrink when spinning does not pay, and a spin stops
// at once when its own thread is found to have been descheduled, so that
// a goroutine waiting for a descheduled partner parks and frees its core
// (where the OS can then run the partner). A worker that the OS
// deschedules with a chunk claimed makes the loop's parallelism (its
// chunks' CPU time over its wall time) fall; when sampled loops show that
// the last worker does not pay, the governor takes it off the pool's
// width for a back-off time, and gives it back to probe when that is
// over. The width is also never above GOMAXPROCS (read again now and
// then), the number of CPUs the process may run on, or the CPU quota of
// its control group.
//
// The loop body is either a function ([For]) or a [Task] ([ForTask]): a
// Task that the caller keeps in a reusable object (a pooled or cached
// pointer) lets a loop run without any heap allocation, where the closure
// handed to For usually escapes to the heap.
package parallel

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
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
	task      Task
	n         int
	grain     int
	chunks    int64
	next      atomic.Int64 // next chunk to claim
	left      atomic.Int64 // chunks not finished yet, plus parkedBit once the caller parks
	refs      atomic.Int32
	firstExit atomic.Int64 // when a participant first found no chunk left to claim (now's clock), or 0
	sampled   bool         // chunks add their thread CPU time to cpu (see governor)
	cpu       atomic.Int64
	done      chan struct{} // wakes a caller that parked (see wait)
}

// parkedBit is added to a job's left count by a caller that parks: the
// chunk that brings the count to zero then finds it and wakes the caller.
const parkedBit = 1 << 40

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
		j = &job{done: make(chan struct{}, 1)}
	}
	return j
}

// release drops one reference to j, returning it to the free list after
// the last one.
func (j *job) release() {
	if j.refs.Add(-1) == 0 {
		j.task = nil // do not keep the loop's state alive
		jobs.mu.Lock()
		if len(jobs.free) < 4*hardLimit+16 {
			jobs.free = append(jobs.free, j)
		}
		jobs.mu.Unlock()
	}
}

// run claims and executes chunks until none are left, then records when
// it ran out if no participant did before.
func (j *job) run() {
	for {
		c := j.next.Add(1) - 1
		if c >= j.chunks {
			break
		}
		lo := int(c) * j.grain
		hi := min(lo+j.grain, j.n)
		if j.sampled {
			j.runSampled(lo, hi)
		} else {
			j.task.Run(lo, hi)
		}
		if j.left.Add(-1) == parkedBit {
			j.done <- struct{}{} // the last chunk, and the caller parked
		}
	}
	if j.firstExit.Load() == 0 {
		j.firstExit.CompareAndSwap(0, max(1, now()))
	}
}

// runSampled runs one chunk and adds the CPU time its thread spent on it
// to j.cpu. The CPU time is clamped to the chunk's wall time: a goroutine
// that moved to another thread meanwhile reads another thread's clock.
func (j *job) runSampled(lo, hi int) {
	t0, c0 := now(), threadCPU()
	j.task.Run(lo, hi)
	c, t := threadCPU()-c0, now()-t0
	j.cpu.Add(min(max(0, c), t))
}

// wait returns when every chunk of j has finished. It spins for up to the
// callers' shared budget before parking, and adapts the budget to how
// long the wait turned out to be.
func (j *job) wait() {
	if j.left.Load() == 0 {
		return
	}
	t0 := now()
	budget := waitBudget.Load()
	s := newSpin(t0, budget)
	for j.left.Load() > 0 && s.more() {
	}
	if j.left.Load() > 0 && j.left.Add(parkedBit) != parkedBit {
		<-j.done // the last chunk to finish finds parkedBit and sends
	}
	waitBudget.Store(adapt(budget, now()-t0, s.preempted))
}

// The pool's state. Workers are started lazily, up to the width; limit is
// the width before the governor's cut: GOMAXPROCS (read again every
// refreshEvery calls of Workers), the CPUs the process may use, and its
// cgroup CPU quota, whichever is least.
var (
	startOnce sync.Once
	tickets   chan *job
	hardLimit int // runtime.NumCPU and the cgroup quota, read once
	limit     atomic.Int32
	calls     atomic.Uint32 // Workers calls, to pace the GOMAXPROCS refresh
	started   struct {
		sync.Mutex
		n atomic.Int32 // worker goroutines started
	}
)

// refreshEvery is how many calls of Workers pass between two reads of
// GOMAXPROCS (which takes the scheduler's lock), so that the pool follows
// a program, or the Go runtime itself, changing it.
const refreshEvery = 1024

func start() {
	hardLimit = runtime.NumCPU()
	if l, ok := cgroupCPULimit(os.DirFS("/")); ok {
		hardLimit = min(hardLimit, quotaWorkers(l))
	}
	// The ticket queue is sized for the most workers there can be.
	tickets = make(chan *job, 4*hardLimit)
	boxes = make([]mailbox, hardLimit)
	refresh()
}

// refresh sets limit from GOMAXPROCS and hardLimit, and starts workers
// up to it.
func refresh() {
	w := max(1, min(runtime.GOMAXPROCS(0), hardLimit))
	limit.Store(int32(w))
	if int(started.n.Load()) >= w-1 {
		return
	}
	started.Lock()
	for int(started.n.Load()) < w-1 {
		i := started.n.Add(1) - 1
		go worker(&boxes[i])
	}
	started.Unlock()
}

// worker runs the loops it gets tickets for. After each it polls its
// mailbox b and the ticket queue for the next one, within its own
// adaptive budget, and parks on the ticket queue only when none came.
func worker(b *mailbox) {
	budget := int64(spinTime)
	for j := range tickets {
		var extra *job
		for j != nil {
			j.run()
			j.release()
			if extra != nil {
				j, extra = extra, nil
				continue
			}
			j, extra, budget = poll(b, budget)
		}
	}
}

// poll returns the next ticket if one arrives within budget, or nil, and
// the budget for the next poll (see adapt). While it polls, the worker's
// mailbox b is open for a ticket (see handOff); a ticket from the queue
// can meet one handed to the mailbox at the same moment, so poll returns
// a second ticket, or nil, for the worker to run next. While the
// governor has narrowed the pool, the machine is contended and a worker
// parks after the least spin.
func poll(b *mailbox, budget int64) (*job, *job, int64) {
	t0 := now()
	spinLimit := budget
	if gov.taken.Load() > 0 {
		spinLimit = int64(minSpin)
	}
	b.ticket.Store(idleBox)
	s := newSpin(t0, spinLimit)
	for {
		if j := b.ticket.Load(); j != idleBox {
			return j, nil, adapt(budget, 0, false)
		}
		select {
		case j := <-tickets:
			if handed := b.retract(); handed != nil {
				// Its caller has just started its loop: run it first.
				return handed, j, adapt(budget, 0, false)
			}
			return j, nil, adapt(budget, 0, false)
		default:
		}
		if !s.more() {
			break
		}
	}
	if j := b.retract(); j != nil {
		return j, nil, adapt(budget, 0, false)
	}
	if s.preempted {
		return nil, nil, adapt(budget, 0, true)
	}
	// Park, and judge the spin by when the next ticket came.
	j, ok := <-tickets
	if !ok {
		return nil, nil, budget
	}
	return j, nil, adapt(budget, now()-t0, false)
}

// Workers returns the number of goroutines that parallel loops may use
// now: at most GOMAXPROCS, the CPUs the process may run on and its cgroup
// CPU quota (rounded up), less the workers the governor has taken off
// while the machine is contended. Kernels that plan their split by it
// should read it once per call.
func Workers() int {
	startOnce.Do(start)
	if calls.Add(1)%refreshEvery == 0 {
		refresh()
	}
	return gov.width(int(limit.Load()), now)
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
		if gov.taken.Load() > 0 && gov.sample(now()) {
			runSerialSampled(n, t) // measures the narrowed pool
		} else {
			t.Run(0, n)
		}
		return
	}
	// Use about four chunks per worker for balance, but never below grain.
	size := max(grain, (n+4*w-1)/(4*w))
	chunks := (n + size - 1) / size
	if chunks == 1 {
		t.Run(0, n)
		return
	}
	t0 := now()
	j := getJob()
	j.task, j.n, j.grain, j.chunks = t, n, size, int64(chunks)
	j.next.Store(0)
	j.left.Store(int64(chunks))
	j.firstExit.Store(0)
	j.sampled = gov.sample(t0)
	j.cpu.Store(0)
	j.refs.Store(1) // the caller's
	helpers := min(w-1, chunks-1)
	for i := 0; i < helpers; i++ {
		j.refs.Add(1) // the ticket's, dropped by the worker that takes it
		if handOff(boxes[:started.n.Load()], j) {
			continue
		}
		select {
		case tickets <- j:
		default: // every worker is busy and the queue is full: do it ourselves
			j.refs.Add(-1)
		}
	}
	j.run()
	j.wait()
	end := now()
	if end-j.firstExit.Load() > int64(stallMin) {
		stats.stalls.Add(1)
	}
	if j.sampled {
		gov.record(end, end-t0, j.cpu.Load(), w, int(limit.Load()))
	}
	j.release()
}

// runSerialSampled runs t over [0, n) on the calling goroutine and
// reports its wall and CPU time to the governor as a loop of width 1.
func runSerialSampled(n int, t Task) {
	t0, c0 := now(), threadCPU()
	t.Run(0, n)
	c, end := threadCPU()-c0, now()
	gov.record(end, end-t0, min(max(0, c), end-t0), 1, int(limit.Load()))
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
