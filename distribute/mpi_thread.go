package distribute

import (
	"runtime"
	"unsafe"

	"github.com/ebitengine/purego"
)

// Every call into libmpi is made by one goroutine locked to its OS thread
// (runtime.LockOSThread), the thread that called MPI_Init_thread: Go
// moves goroutines between threads, and MPI ties its state to the thread
// that initialised it. MPI is initialised with MPI_THREAD_FUNNELED, the
// level that promises exactly this (only the initialising thread calls
// MPI). Other goroutines — such as the one an executor runs a graph op on
// — hand their calls to this thread over a channel and wait for the result.

// call is one C function call for the MPI thread.
type call struct {
	fn   uintptr
	args [8]uintptr
	n    int
	// keep is the Go memory that the call reads or writes, also passed as
	// an integer in args. Holding it here keeps it alive during the call,
	// and sending it over a channel moves it to the heap, where Go never
	// moves memory (a goroutine's stack may be moved).
	keep unsafe.Pointer
}

// serve is the MPI thread: it runs the calls it receives, in order, until
// calls is closed. It never unlocks its thread, so the thread ends with it
// (after MPI_Finalize) instead of going back to Go's pool.
func serve(calls <-chan call, results chan<- int32) {
	runtime.LockOSThread()
	args := new([8]uintptr) // one allocation: SyscallN's arguments escape
	for c := range calls {
		*args = c.args
		r1, _, _ := purego.SyscallN(c.fn, args[:c.n]...)
		results <- int32(r1) // every MPI function returns an int
	}
}

// do runs fn(args...) on the MPI thread and returns its result; keep is
// the Go memory that the call uses (nil if none).
func (m *MPI) do(fn uintptr, keep unsafe.Pointer, args ...uintptr) int32 {
	c := call{fn: fn, n: len(args), keep: keep}
	copy(c.args[:], args)
	m.calls <- c
	return <-m.results
}
