package distribute

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// MPI is a models.Distributor over Open MPI: the ranks are the processes of
// MPI_COMM_WORLD, started by mpirun. libmpi is loaded at run time, so a
// program that never calls InitMPI (or Detect outside mpirun) needs no MPI
// library.
//
// Errors: MPI's default error handler, MPI_ERRORS_ARE_FATAL, is kept, so
// a failed transfer, or a rank that dies or exits without Close, ends the
// whole job (mpirun kills every rank and reports which one failed) rather
// than leaving the others waiting. A program that hits an error on one
// rank should report it and exit non-zero (log.Fatal): mpirun then stops
// the job. The methods still return an error for the failures that MPI
// reports instead of aborting, and after Close.
//
// The methods are safe for concurrent use (calls are serialised), but, as
// for any collective, all ranks must make the same calls in the same order
// with slices of the same length.
type MPI struct {
	lib        *libMPI
	rank, size int

	mu      sync.Mutex // one call at a time; guards the fields below
	closed  bool
	method  SumMethod // see SetSumMethod
	calls   chan []call
	results chan result
	batch   []call // the calls handed to the MPI thread at once
	direct  bool   // MPI_THREAD_SERIALIZED: calls are made on the caller's thread
	args    *[12]uintptr

	// scratch is the sums' work space, reused from call to call: one
	// block received in the ring, or every rank's values of a small sum
	// (uint64s, so that it is aligned for float64).
	scratch []uint64

	shared    *sharedWindow // the shared-memory sum's window, once set up
	sharedOff bool          // the ranks are on several hosts, or the job excludes shared memory
}

// mpiMaxCount is the most values passed to one MPI call (its count is a
// C int); longer slices are sent in parts. Tests lower it.
var mpiMaxCount = math.MaxInt32

// mpiDirect lets MPI calls be made on the calling thread where MPI
// provides MPI_THREAD_SERIALIZED. Tests turn it off.
var mpiDirect = true

// world is the process's MPI state: MPI can be initialised once per
// process.
var world struct {
	sync.Mutex
	m         *MPI
	finalized bool
}

// InitMPI loads libmpi, initialises MPI and returns MPI_COMM_WORLD. A
// second call returns the same *MPI until Close; after Close, MPI cannot be
// initialised again and InitMPI returns an error.
func InitMPI() (*MPI, error) {
	world.Lock()
	defer world.Unlock()
	if world.m != nil {
		return world.m, nil
	}
	if world.finalized {
		return nil, errors.New("distribute: MPI was finalized; it cannot be initialized again in this process")
	}
	lib, err := loadLibMPI()
	if err != nil {
		return nil, err
	}
	m := &MPI{lib: lib, calls: make(chan []call), results: make(chan result), args: new([12]uintptr)}
	go serve(m.calls, m.results)
	if err := m.init(); err != nil {
		close(m.calls)
		return nil, err
	}
	world.m = m
	return m, nil
}

// init calls MPI_Init_thread and reads this process's rank and the size.
func (m *MPI) init() error {
	out := new([3]int32) // provided, rank, size: on the heap
	p := unsafe.Pointer(out)
	if err := m.check("MPI_Init_thread", m.do(m.lib.initThread, p, 0, 0, mpiThreadSerialized, uintptr(p))); err != nil {
		return err
	}
	if out[0] < mpiThreadFunneled {
		return fmt.Errorf("distribute: MPI provides thread level %d; MPI_THREAD_FUNNELED (%d) is needed", out[0], mpiThreadFunneled)
	}
	m.direct = out[0] >= mpiThreadSerialized && mpiDirect
	rank, size := unsafe.Add(p, 4), unsafe.Add(p, 8)
	if err := m.check("MPI_Comm_rank", m.do(m.lib.commRank, p, m.lib.commWorld, uintptr(rank))); err != nil {
		return err
	}
	if err := m.check("MPI_Comm_size", m.do(m.lib.commSize, p, m.lib.commWorld, uintptr(size))); err != nil {
		return err
	}
	m.rank, m.size = int(out[1]), int(out[2])
	return nil
}

// Rank returns this process's rank in MPI_COMM_WORLD.
func (m *MPI) Rank() int { return m.rank }

// Size returns the number of processes in MPI_COMM_WORLD.
func (m *MPI) Size() int { return m.size }

// Close finalizes MPI (MPI_Finalize, collective: every rank calls it) and
// stops the MPI thread. A rank that exits without Close makes mpirun
// abort the job. Later calls of any method return an error.
func (m *MPI) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	errShared := m.closeShared()
	m.direct = false // MPI_Finalize, on the thread that initialised MPI
	rc := m.do(m.lib.finalize, nil)
	m.closed = true
	close(m.calls)
	world.Lock()
	world.m, world.finalized = nil, true
	world.Unlock()
	if errShared != nil {
		return errShared
	}
	return m.check("MPI_Finalize", rc)
}

// check turns an MPI return code into an error naming the function.
func (m *MPI) check(fn string, rc int32) error {
	if rc == 0 {
		return nil
	}
	buf := new([mpiMaxErrorString + 4]byte) // the message, then its length
	p := unsafe.Pointer(buf)
	msg := "unknown error"
	if m.do(m.lib.errorString, p, uintptr(rc), uintptr(p), uintptr(unsafe.Add(p, mpiMaxErrorString))) == 0 {
		n := *(*int32)(unsafe.Add(p, mpiMaxErrorString))
		msg = string(buf[:max(0, min(int(n), mpiMaxErrorString))])
	}
	return fmt.Errorf("distribute: rank %d: %s failed (error %d): %s", m.rank, fn, rc, msg)
}
