// Package distribute connects the processes of a data-parallel training
// job: it provides the collective operations (elementwise sums and
// broadcasts of float slices) that models.Distributor asks for.
//
// Two implementations are provided:
//
//   - MPI, over Open MPI's libmpi, loaded at run time (no cgo): a program
//     built with CGO_ENABLED=0 needs no MPI library unless it is started
//     under mpirun. Detect reports whether the process was started by
//     mpirun and, if so, initialises MPI.
//   - Local, in one process: n goroutines act as n ranks sharing memory,
//     for tests and for checking a distributed algorithm without MPI.
//
// Every method of both is collective: all ranks call the same methods, in
// the same order, with slices of the same length; sums are bit-identical
// on every rank.
package distribute
