package distribute

import (
	"fmt"
	"sync"
)

// opKind names a collective operation, so that ranks calling different
// ones are caught.
type opKind int

const (
	opSum32 opKind = iota
	opSum64
	opBcast32
	opBcast64
)

// String returns the method name of the operation.
func (k opKind) String() string {
	return [...]string{"SumFloat32s", "SumFloat64s", "BroadcastFloat32s", "BroadcastFloat64s"}[k]
}

// slot is what one rank brings to a collective.
type slot struct {
	op  opKind
	f32 []float32
	f64 []float64
}

// length returns the number of values in the slot.
func (s *slot) length() int { return len(s.f32) + len(s.f64) }

// group is the state that the ranks of one Local job share.
type group struct {
	n    int
	mu   sync.Mutex
	cond *sync.Cond

	arrived int    // ranks waiting at the current barrier
	gen     uint64 // barriers completed
	genErr  error  // result of the last completed barrier
	failed  error  // set once: every later collective returns it

	slots []slot      // what each rank brought to the current collective
	v32   [][]float32 // the ranks' float32 slices, by rank, once checked
	v64   [][]float64 // the ranks' float64 slices, by rank, once checked
}

// barrier waits until all n ranks have reached it. With s non-nil it
// first deposits s as this rank's slot, and the last rank to arrive checks
// that all slots agree; a mismatch fails the job.
func (g *group) barrier(rank int, s *slot) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failed != nil {
		return g.failed
	}
	if s != nil {
		g.slots[rank] = *s
	}
	g.arrived++
	if g.arrived == g.n {
		g.arrived = 0
		g.gen++
		g.genErr = nil
		if s != nil {
			g.genErr = g.check()
			g.failed = g.genErr
		}
		g.cond.Broadcast()
		return g.genErr
	}
	gen := g.gen
	for gen == g.gen && g.failed == nil {
		g.cond.Wait()
	}
	if gen != g.gen {
		return g.genErr
	}
	return g.failed
}

// check verifies that every rank called the same operation with the same
// length, and sets the slice views for it.
func (g *group) check() error {
	s0 := &g.slots[0]
	for r := range g.slots {
		s := &g.slots[r]
		if s.op != s0.op || s.length() != s0.length() {
			return fmt.Errorf("distribute: mismatched collective: rank 0 called %v with %d values, rank %d called %v with %d",
				s0.op, s0.length(), r, s.op, s.length())
		}
		g.v32[r], g.v64[r] = s.f32, s.f64
	}
	return nil
}
