// Package distribute connects the processes of a data-parallel training
// job: it provides the collective operations (elementwise sums and
// broadcasts of float slices) that models.Distributor asks for, and Agree,
// which catches ranks launched with different models or data.
//
// Two implementations are provided:
//
//   - MPI, over Open MPI's libmpi, loaded at run time with purego (no
//     cgo): a program built with CGO_ENABLED=0 needs no MPI library unless
//     it is started under mpirun. Detect reports whether the process was
//     started by mpirun and, if so, initialises MPI.
//   - Local, in one process: n goroutines act as n ranks sharing memory,
//     for tests and for checking a distributed algorithm without MPI.
//
// Every method of both is collective: all ranks call the same methods, in
// the same order, with slices of the same length; sums are bit-identical
// on every rank (for MPI, by construction with its default SumMethod).
//
// # Launching
//
// The same binary runs alone or as one rank of many:
//
//	mpirun -np 4 --hostfile hosts ./train
//
// (as root add --allow-run-as-root; with more ranks than cores on a host,
// --oversubscribe). A program calls Detect once at start, uses the *MPI
// while training, and calls Close before it exits; a rank that exits
// without Close, or with a non-zero status, makes mpirun stop the whole
// job and name that rank. Open MPI chooses the transport itself: shared
// memory between the ranks of a host, TCP (or InfiniBand) between hosts;
// "--mca pml ob1 --mca btl tcp,self" forces TCP, as between machines.
// When every rank runs on one host, the large sums of the default
// SumScatterGather read the other ranks' memory through an MPI-3
// shared-memory window instead of passing messages (about 8 MiB of
// /dev/shm per rank); forcing TCP as above turns that off too.
//
// Waiting in a collective, Open MPI polls: the waiting rank's thread
// keeps a core busy (and so does a rank waiting for its partners in the
// shared window, which yields its core after a few thousand polls).
// Where ranks share cores with other work, run with
// "--mca mpi_yield_when_idle 1".
//
// A binary that imports this package is dynamically linked against the C
// library (purego loads libmpi through the system's dlopen), even with
// CGO_ENABLED=0. The package builds on Linux, macOS and Windows; on Windows,
// which has no dlopen, loading Open MPI fails with an error that says so,
// while Local's in-process ranks work as everywhere.
package distribute
