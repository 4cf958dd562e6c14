package distribute

import (
	"errors"
	"fmt"
	"sync"
)

// Rank is one rank of an in-process job made by Local: the ranks are
// goroutines of one process that share memory, so a distributed algorithm
// can be run and checked without MPI. Each rank must be used by one
// goroutine at a time; every method is collective (all ranks of the job
// call it, in the same order, with slices of the same length), and blocks
// until every rank has called it.
//
// Sums add the ranks' values in rank order, ((x₀+x₁)+x₂)+…, so they are
// deterministic and bit-identical on every rank.
type Rank struct {
	g    *group
	rank int
}

// Local returns the n ranks of a new in-process job; rank i is at index i.
// It panics if n < 1.
func Local(n int) []*Rank {
	if n < 1 {
		panic(fmt.Sprintf("distribute.Local: %d ranks; need at least 1", n))
	}
	g := &group{n: n, slots: make([]slot, n), v32: make([][]float32, n), v64: make([][]float64, n)}
	g.cond = sync.NewCond(&g.mu)
	ranks := make([]*Rank, n)
	for i := range ranks {
		ranks[i] = &Rank{g: g, rank: i}
	}
	return ranks
}

// Rank returns this rank's number, 0 to Size()-1.
func (r *Rank) Rank() int { return r.rank }

// Size returns the number of ranks in the job.
func (r *Rank) Size() int { return r.g.n }

// SumFloat32s replaces xs, on every rank, with the elementwise sum of
// every rank's xs, added in rank order.
func (r *Rank) SumFloat32s(xs []float32) error { return r.collective(opSum32, xs, nil) }

// SumFloat64s is SumFloat32s for float64.
func (r *Rank) SumFloat64s(xs []float64) error { return r.collective(opSum64, nil, xs) }

// BroadcastFloat32s replaces xs, on every rank, with rank 0's xs.
func (r *Rank) BroadcastFloat32s(xs []float32) error { return r.collective(opBcast32, xs, nil) }

// BroadcastFloat64s is BroadcastFloat32s for float64.
func (r *Rank) BroadcastFloat64s(xs []float64) error { return r.collective(opBcast64, nil, xs) }

// Abort ends the job with err, as a rank that dies ends an MPI job: the
// collectives that other ranks are waiting in, and every later one on any
// rank, return an error naming this rank and err. Call it from the
// goroutine that uses this rank, outside a collective. A nil err is
// reported as "aborted".
func (r *Rank) Abort(err error) {
	if err == nil {
		err = errors.New("aborted")
	}
	g := r.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failed == nil {
		g.failed = fmt.Errorf("distribute: rank %d failed: %w", r.rank, err)
	}
	g.cond.Broadcast()
}

// collective runs one collective operation: every rank deposits its slice,
// then each rank works on its own share, then all wait for each other so
// no slice is reused while another rank still reads or writes it.
func (r *Rank) collective(op opKind, f32 []float32, f64 []float64) error {
	g := r.g
	if err := g.barrier(r.rank, &slot{op: op, f32: f32, f64: f64}); err != nil {
		return err
	}
	switch op {
	case opSum32:
		sumShare(g.v32, r.rank, g.n)
	case opSum64:
		sumShare(g.v64, r.rank, g.n)
	case opBcast32:
		if r.rank != 0 { // rank 0 copying onto itself would race with the readers
			copy(g.v32[r.rank], g.v32[0])
		}
	case opBcast64:
		if r.rank != 0 {
			copy(g.v64[r.rank], g.v64[0])
		}
	}
	return g.barrier(r.rank, nil)
}

// sumShare sums, in rank order, the elements of rank's share (a contiguous
// 1/n of them) and writes the sum into every rank's slice there. The
// shares of different ranks do not overlap.
func sumShare[T float32 | float64](xs [][]T, rank, n int) {
	m := len(xs[0])
	lo, hi := m*rank/n, m*(rank+1)/n
	for i := lo; i < hi; i++ {
		s := xs[0][i]
		for _, x := range xs[1:] {
			s += x[i]
		}
		for _, x := range xs {
			x[i] = s
		}
	}
}
