package distribute

import (
	"fmt"
	"runtime"
	"strings"
)

// libMPINames are the names under which Open MPI's library is looked for,
// in order: the run-time library (Debian's libopenmpi3, Open MPI 3.x to
// 5.x) and the development link.
var libMPINames = []string{"libmpi.so.40", "libmpi.so"}

// Constants of Open MPI's ABI (mpi.h).
const (
	mpiThreadFunneled   = 1 // MPI_THREAD_FUNNELED
	mpiThreadSerialized = 2 // MPI_THREAD_SERIALIZED
	mpiInPlace          = 1 // MPI_IN_PLACE is (void *) 1
	mpiStatusIgnore     = 0 // MPI_STATUS_IGNORE is (MPI_Status *) 0
	mpiMaxErrorString   = 256
	mpiCommTypeShared   = 0 // MPI_COMM_TYPE_SHARED, the first of Open MPI's split types
)

// libMPI holds the addresses of the libmpi functions and predefined handles
// that package distribute uses. Open MPI's handles (MPI_COMM_WORLD,
// MPI_FLOAT, …) are the addresses of global objects in libmpi.
type libMPI struct {
	initThread, initialized, finalized, finalize uintptr
	commRank, commSize, reduce, bcast, allreduce uintptr
	allgather, sendrecv, reduceLocal             uintptr
	errorString, barrier                         uintptr
	commSplitType, commFree                      uintptr
	winAllocateShared, winSharedQuery, winFree   uintptr
	commWorld, typeFloat, typeDouble, opSum      uintptr
	infoNull                                     uintptr
}

// loadError reports that libmpi could not be loaded or is not Open MPI's.
type loadError struct{ reason string }

// Error returns the reason.
func (e *loadError) Error() string { return "distribute: " + e.reason }

// loadLibMPI opens libmpi, with RTLD_GLOBAL because Open MPI's plugins,
// which it opens in turn, resolve their symbols against it, and resolves
// every symbol that package distribute uses.
func loadLibMPI() (*libMPI, error) {
	var handle uintptr
	var failures []string
	// dlopen's reason for failing is kept per thread, for dlerror to read:
	// stay on one thread from the one call to the other, or the reason may
	// be another thread's (or none).
	runtime.LockOSThread()
	for _, name := range libMPINames {
		h, err := openLibrary(name)
		if err == nil {
			handle = h
			break
		}
		reason := err.Error()
		if !strings.Contains(reason, name) {
			reason = name + ": " + reason
		}
		failures = append(failures, reason)
	}
	runtime.UnlockOSThread()
	if handle == 0 {
		return nil, &loadError{"libmpi could not be loaded: " + strings.Join(failures, "; ")}
	}
	lib := &libMPI{}
	syms := []struct {
		addr *uintptr
		name string
	}{
		{&lib.initThread, "MPI_Init_thread"}, {&lib.initialized, "MPI_Initialized"},
		{&lib.finalized, "MPI_Finalized"}, {&lib.finalize, "MPI_Finalize"},
		{&lib.commRank, "MPI_Comm_rank"}, {&lib.commSize, "MPI_Comm_size"},
		{&lib.reduce, "MPI_Reduce"}, {&lib.bcast, "MPI_Bcast"},
		{&lib.allreduce, "MPI_Allreduce"}, {&lib.allgather, "MPI_Allgather"},
		{&lib.sendrecv, "MPI_Sendrecv"}, {&lib.reduceLocal, "MPI_Reduce_local"},
		{&lib.errorString, "MPI_Error_string"}, {&lib.barrier, "MPI_Barrier"},
		{&lib.commSplitType, "MPI_Comm_split_type"}, {&lib.commFree, "MPI_Comm_free"},
		{&lib.winAllocateShared, "MPI_Win_allocate_shared"}, {&lib.winSharedQuery, "MPI_Win_shared_query"},
		{&lib.winFree, "MPI_Win_free"}, {&lib.infoNull, "ompi_mpi_info_null"},
		{&lib.commWorld, "ompi_mpi_comm_world"}, {&lib.typeFloat, "ompi_mpi_float"},
		{&lib.typeDouble, "ompi_mpi_double"}, {&lib.opSum, "ompi_mpi_op_sum"},
	}
	for _, s := range syms {
		addr, err := librarySymbol(handle, s.name)
		if err != nil {
			return nil, &loadError{fmt.Sprintf("libmpi has no %s (is it Open MPI's?): %v", s.name, err)}
		}
		*s.addr = addr
	}
	return lib, nil
}
