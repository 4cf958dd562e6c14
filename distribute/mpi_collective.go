package distribute

import (
	"errors"
	"fmt"
	"unsafe"
)

// SumMethod is the way MPI computes its sums (SetSumMethod).
//
// The MPI standard does not require MPI_Allreduce to give the same result
// on every rank, and Open MPI's algorithms for it (recursive doubling,
// ring, Rabenseifner, chosen by message size and process count) may add
// the ranks' values in different orders on different ranks; float
// addition is not associative, so the weights of data-parallel replicas
// could drift apart. SumScatterGather and SumReduceBcast form each sum on
// one rank only and copy its bits to the others, so the result is
// bit-identical on every rank by construction.
type SumMethod int

const (
	// SumScatterGather, the default, splits the values into one block
	// per rank, forms each block's sum on one rank, in rank order
	// ((x₀+x₁)+x₂)+…, and copies the finished blocks to the others.
	//
	// Where every rank runs on one host and the job allows shared memory
	// (its MCA btl parameter, if set, names vader or sm), the ranks
	// exchange through an MPI-3 shared-memory window
	// (MPI_Win_allocate_shared): each rank puts the blocks that the
	// others sum into its segment, adds its own block straight from
	// every segment and copies the others' finished blocks from theirs
	// (see mpi_shared.go). Elsewhere — ranks on several hosts, or a job
	// started with "--mca btl tcp,self" — the blocks go round a ring of
	// the ranks through MPI point-to-point calls (rank r sending to r+1):
	// in N−1 steps each rank adds its values to the block it receives and
	// passes it on, so that block q's sum is complete on rank q only; in
	// N−1 more steps the complete blocks go round the ring and are copied
	// as they are. Every rank sends and adds about 1/N of the values per
	// step, as in MPI_Allreduce's algorithms for large messages, but each
	// of its 2(N−1) steps pays a message's latency, so for many ranks and
	// sums of middling size Open MPI's algorithms of ⌈log₂N⌉ steps may be
	// faster (not measured: this was measured on 2 ranks). A small sum
	// (every rank's values together at most 16 KiB, such as a step's loss
	// and metrics or a bias gradient) is instead one MPI_Allgather of
	// every rank's values, which every rank then adds in rank order with
	// the same code: one collective, where latency counts more than
	// volume.
	//
	// For the 535,818 float32s of the 784-512-256-10 MLP on 2 ranks of a
	// 2-core machine (NEURITE_MPI_BENCH=1 go test -run TestMPITiming -v
	// ./distribute/, idle machine), the shared window took 0.30–0.33 ms
	// (SumFloat32sInto) and 0.28–0.30 ms (SumFloat32s, in place), where
	// the ring through shared memory took 0.36 and 0.48 ms, SumAllreduce
	// 0.43–0.45 ms and SumReduceBcast 0.70–0.79 ms; through TCP on
	// loopback the ring took 0.79–0.87 ms, as SumAllreduce. The sum of 8
	// float64s took 1.3 µs, as SumAllreduce.
	SumScatterGather SumMethod = iota
	// SumReduceBcast sums on rank 0 (MPI_Reduce), then broadcasts rank 0's
	// bits (MPI_Bcast): identical on every rank, but all the data passes
	// through rank 0, twice. It was the default before SumScatterGather.
	SumReduceBcast
	// SumAllreduce is one MPI_Allreduce. Every algorithm of Open MPI 4.1's
	// tuned allreduce adds partners' values as a+b on one rank and b+a on
	// the other, or computes each element on one rank and sends it on, so
	// its results are identical on every rank for values that are not NaN
	// (float addition is commutative); the MPI tests check this with 2 and
	// 3 ranks. But MPI does not promise it: use it where the training loop
	// checks that the ranks' weights stay identical.
	SumAllreduce
)

// String returns the method's name, as in the Go source.
func (s SumMethod) String() string {
	switch s {
	case SumScatterGather:
		return "SumScatterGather"
	case SumReduceBcast:
		return "SumReduceBcast"
	case SumAllreduce:
		return "SumAllreduce"
	}
	return fmt.Sprintf("SumMethod(%d)", int(s))
}

// mpiGatherBytes is the most bytes (every rank's values together) that
// SumScatterGather sums by one MPI_Allgather; larger sums are reduced
// and scattered. Tests change it.
var mpiGatherBytes = 16 << 10

// SumFloat32s replaces xs, on every rank, with the elementwise sum of every
// rank's xs; with the default SumScatterGather (or SumReduceBcast) the
// result is bit-identical on all ranks.
func (m *MPI) SumFloat32s(xs []float32) error {
	p := unsafe.Pointer(unsafe.SliceData(xs))
	return m.sum(p, p, len(xs), 4, m.lib.typeFloat)
}

// SumFloat64s is SumFloat32s for float64.
func (m *MPI) SumFloat64s(xs []float64) error {
	p := unsafe.Pointer(unsafe.SliceData(xs))
	return m.sum(p, p, len(xs), 8, m.lib.typeDouble)
}

// SumFloat32sInto sets dst, on every rank, to the elementwise sum of every
// rank's src, as SumFloat32s(src) would leave it, without changing src
// and without first copying src to dst. dst and src must have the same
// length and be the same slice or not overlap.
func (m *MPI) SumFloat32sInto(dst, src []float32) error {
	if err := checkInto(len(dst), len(src), unsafe.Pointer(unsafe.SliceData(dst)), unsafe.Pointer(unsafe.SliceData(src)), 4); err != nil {
		return err
	}
	return m.sum(unsafe.Pointer(unsafe.SliceData(dst)), unsafe.Pointer(unsafe.SliceData(src)), len(src), 4, m.lib.typeFloat)
}

// SumFloat64sInto is SumFloat32sInto for float64.
func (m *MPI) SumFloat64sInto(dst, src []float64) error {
	if err := checkInto(len(dst), len(src), unsafe.Pointer(unsafe.SliceData(dst)), unsafe.Pointer(unsafe.SliceData(src)), 8); err != nil {
		return err
	}
	return m.sum(unsafe.Pointer(unsafe.SliceData(dst)), unsafe.Pointer(unsafe.SliceData(src)), len(src), 8, m.lib.typeDouble)
}

// checkInto checks the slices of a SumInto: equal lengths, and the same
// memory or none in common.
func checkInto(nd, ns int, dst, src unsafe.Pointer, size int) error {
	if nd != ns {
		return fmt.Errorf("distribute: SumInto: dst has %d values and src %d; they must have the same length", nd, ns)
	}
	d, s := uintptr(dst), uintptr(src)
	if d != s && d < s+uintptr(ns*size) && s < d+uintptr(nd*size) {
		return errors.New("distribute: SumInto: dst and src overlap; they must be the same slice or not overlap")
	}
	return nil
}

// BroadcastFloat32s replaces xs, on every rank, with rank 0's xs.
func (m *MPI) BroadcastFloat32s(xs []float32) error {
	return m.bcast(unsafe.Pointer(unsafe.SliceData(xs)), len(xs), 4, m.lib.typeFloat)
}

// BroadcastFloat64s is BroadcastFloat32s for float64.
func (m *MPI) BroadcastFloat64s(xs []float64) error {
	return m.bcast(unsafe.Pointer(unsafe.SliceData(xs)), len(xs), 8, m.lib.typeDouble)
}

// errClosed is returned by the collectives after Close.
var errClosed = errors.New("distribute: MPI was finalized (Close was called)")

// sum sets the n values of size bytes at dst to the sum over the ranks of
// the n values at src (dst == src: in place), by the chosen method, in
// parts of at most mpiMaxCount values.
func (m *MPI) sum(dst, src unsafe.Pointer, n, size int, dtype uintptr) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	for off := 0; off < n; off += mpiMaxCount {
		d, s, c := unsafe.Add(dst, off*size), unsafe.Add(src, off*size), min(n-off, mpiMaxCount)
		var err error
		switch {
		case m.method == SumAllreduce:
			err = m.allreduce(d, s, c, dtype)
		case m.method == SumReduceBcast:
			err = m.reduceBcast(d, s, c, dtype)
		case c*size*m.size <= mpiGatherBytes:
			err = m.gatherSum(d, s, c, size, dtype)
		default:
			err = m.scatterGather(d, s, c, size, dtype)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scatterGather sums c values of size bytes through the node's shared
// window where every rank is on this host and the job allows it (see
// mpi_shared.go), else around the ring.
func (m *MPI) scatterGather(d, s unsafe.Pointer, c, size int, dtype uintptr) error {
	w, err := m.sharedSum(min(c*size, sharedAreaMax))
	switch {
	case err != nil:
		return err
	case w == nil:
		return m.ring(d, s, c, size, dtype)
	}
	part := max(1, w.area/size)
	for off := 0; off < c; off += part {
		dd, ss, k := unsafe.Add(d, off*size), unsafe.Add(s, off*size), min(part, c-off)
		if size == 4 {
			sharedSumOf[float32](m, w, dd, ss, k)
		} else {
			sharedSumOf[float64](m, w, dd, ss, k)
		}
	}
	return nil
}

// allreduce sums c values by one MPI_Allreduce.
func (m *MPI) allreduce(d, s unsafe.Pointer, c int, dtype uintptr) error {
	send := uintptr(s)
	if d == s {
		send = mpiInPlace
	}
	return m.check("MPI_Allreduce", m.do2(m.lib.allreduce, d, s, send, uintptr(d), uintptr(c), dtype, m.lib.opSum, m.lib.commWorld))
}

// reduceBcast sums c values by MPI_Reduce to rank 0 and MPI_Bcast from it.
func (m *MPI) reduceBcast(d, s unsafe.Pointer, c int, dtype uintptr) error {
	send, recv := uintptr(s), uintptr(0) // recvbuf is ignored off the root
	if m.rank == 0 {
		recv = uintptr(d)
		if d == s {
			send = mpiInPlace
		}
	}
	if err := m.check("MPI_Reduce", m.do2(m.lib.reduce, d, s, send, recv, uintptr(c), dtype, m.lib.opSum, 0, m.lib.commWorld)); err != nil {
		return err
	}
	return m.check("MPI_Bcast", m.do(m.lib.bcast, d, uintptr(d), uintptr(c), dtype, 0, m.lib.commWorld))
}

// bcast broadcasts rank 0's n values of size bytes at p, in parts.
func (m *MPI) bcast(p unsafe.Pointer, n, size int, dtype uintptr) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	for off := 0; off < n; off += mpiMaxCount {
		q, c := unsafe.Add(p, off*size), uintptr(min(n-off, mpiMaxCount))
		if err := m.check("MPI_Bcast", m.do(m.lib.bcast, q, uintptr(q), c, dtype, 0, m.lib.commWorld)); err != nil {
			return err
		}
	}
	return nil
}

// SetSumMethod chooses how the sums are computed from the next one on
// (the default is SumScatterGather). It is local to this rank: every rank
// must make the same choice before its next sum.
func (m *MPI) SetSumMethod(s SumMethod) error {
	if s < SumScatterGather || s > SumAllreduce {
		return fmt.Errorf("distribute: SetSumMethod: unknown %v", s)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.method = s
	return nil
}

// UseAllreduce is SetSumMethod(SumAllreduce) (on) or
// SetSumMethod(SumScatterGather) (off).
func (m *MPI) UseAllreduce(on bool) {
	s := SumScatterGather
	if on {
		s = SumAllreduce
	}
	_ = m.SetSumMethod(s)
}
