package distribute

import (
	"runtime"
	"unsafe"

	"github.com/ebitengine/purego"
)

// MPI ties its state to the thread that initialised it, and Go moves
// goroutines between threads, so MPI_Init_thread and MPI_Finalize are
// called by one goroutine locked to its OS thread (runtime.LockOSThread),
// the MPI thread. MPI is asked for MPI_THREAD_SERIALIZED: any thread may
// call MPI, one at a time — which the *MPI's mutex ensures — so the
// collectives call libmpi directly on the calling goroutine's thread.
// Where MPI provides only MPI_THREAD_FUNNELED (only the initialising
// thread calls MPI), every call is handed to the MPI thread over a
// channel instead, and the caller waits for the result. Handing over costs
// two thread switches, more than a small MPI call itself (about 20 µs
// against 1 µs for the sum of 8 float64s on 2 ranks of a busy 2-core
// machine), so a collective made of several MPI calls hands them over as
// one batch.

// call is one C function call for the MPI thread.
type call struct {
	fn   uintptr
	name string // the C function's name, for errors
	args [12]uintptr
	n    int
	// keep is the Go memory that the call reads or writes, also passed as
	// integers in args. Holding it here keeps it alive during the call,
	// and storing it in the heap (the batch of calls belongs to the *MPI)
	// moves it to the heap, where Go never moves memory (a goroutine's
	// stack may be moved).
	keep [2]unsafe.Pointer
}

// result is the outcome of a batch: the index of the first call that
// returned non-zero (the batch's length if none did) and what it
// returned.
type result struct {
	at int
	rc int32
}

// serve is the MPI thread: it runs the batches of calls it receives, in
// order, each until a call fails, until calls is closed. It never unlocks
// its thread, so the thread ends with it (after MPI_Finalize) instead of
// going back to Go's pool.
func serve(calls <-chan []call, results chan<- result) {
	runtime.LockOSThread()
	args := new([12]uintptr) // one allocation: SyscallN's arguments escape
	for batch := range calls {
		results <- runBatch(batch, args)
	}
}

// runBatch makes the calls of batch in order until one returns non-zero,
// passing their arguments through args.
func runBatch(batch []call, args *[12]uintptr) result {
	for i := range batch {
		c := &batch[i]
		*args = c.args
		r1, _, _ := purego.SyscallN(c.fn, args[:c.n]...)
		if rc := int32(r1); rc != 0 { // every MPI function returns an int
			return result{at: i, rc: rc}
		}
	}
	return result{at: len(batch)}
}

// exec runs m.batch: on the calling thread where MPI allows it (m.direct),
// else on the MPI thread.
func (m *MPI) exec() result {
	if m.direct {
		return runBatch(m.batch, m.args)
	}
	m.calls <- m.batch
	return <-m.results
}

// do runs fn(args...) on the MPI thread and returns its result; keep is
// the Go memory that the call uses (nil if none). The caller holds m.mu,
// or is InitMPI before it publishes m.
func (m *MPI) do(fn uintptr, keep unsafe.Pointer, args ...uintptr) int32 {
	return m.do2(fn, keep, nil, args...)
}

// do2 is do for a call that uses two pieces of Go memory, such as a send
// and a receive buffer.
func (m *MPI) do2(fn uintptr, keep, keep2 unsafe.Pointer, args ...uintptr) int32 {
	m.batch = m.batch[:0]
	m.add(fn, "", keep, keep2, args...)
	return m.exec().rc
}

// add appends a call of the C function name at fn to m.batch.
func (m *MPI) add(fn uintptr, name string, keep, keep2 unsafe.Pointer, args ...uintptr) {
	c := call{fn: fn, name: name, n: len(args), keep: [2]unsafe.Pointer{keep, keep2}}
	copy(c.args[:], args)
	m.batch = append(m.batch, c)
}

// flush runs m.batch on the MPI thread and returns the error of the first
// call that failed, naming it.
func (m *MPI) flush() error {
	res := m.exec()
	if res.rc == 0 {
		return nil
	}
	return m.check(m.batch[res.at].name, res.rc)
}
