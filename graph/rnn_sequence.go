package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// Recurrent layers over a whole sequence as one op (LSTMSequence,
// GRUSequence, SimpleRNNSequence): what the three share.
//
// Unrolled into per-step nodes (LSTMCell and its kin), each step of a
// recurrent layer is a handful of small parallel loops: the h·U product,
// the gate pass and the cell pass, and as many again backwards. Every
// loop forks onto all cores and joins, and every one splits its work its
// own way, so the rows of the state that one core wrote at one step are
// read by another core at the next: on a machine whose cores sit far
// apart (two cores of a cloud VM measured 475 ns for a cache line's round
// trip) the second core then brought nothing (an LSTM, 64×64 steps of 128
// units: 3.3–3.9k samples/s on two cores against 3.6k on one).
//
// A sequence op runs the recurrence as one loop instead. The rows of the
// batch are cut into blocks (seqBlockRows), and each core runs every time
// step of the blocks it takes: the input projection and the h·U product
// of its rows (serial GEMMs, kernels.GemmSerial), then the gates and the
// cell update of the same rows, which then stay in that core's cache for
// the next step. There is one fork and one join per sequence, not several
// per step, and no row ever moves between cores. The gradients run
// backwards through time the same way, and the recurrent kernel's
// gradient is one long product over all the steps.

// seqBlockRows is the number of batch rows of a block (the last block of
// a batch may hold fewer): the loop runs the sequence of each block on
// one core, whichever is free, so a 64-row batch keeps two cores busy.
// The blocks depend on the batch size alone, never on the number of
// cores, so that every product and sum is the same call on the same rows
// whatever the cores: the results do not depend on how many there are.
const seqBlockRows = 32

// seqRows is the state of one run of a sequence op's loop, forward or
// backward: it runs every time step for a range of batch rows.
type seqRows interface {
	batchRows() int     // the batch size
	runRows(lo, hi int) // every step for rows [lo, hi)
}

// seqTask runs a loop's blocks [lo, hi); it is cached in seqTasks so that
// a run allocates nothing.
type seqTask[A any, P interface {
	*A
	seqRows
}] struct{ a A }

var seqTasks parallel.TaskCache

// Run runs every time step for the rows of blocks [lo, hi).
func (t *seqTask[A, P]) Run(lo, hi int) {
	p := P(&t.a)
	for b := lo; b < hi; b++ {
		p.runRows(b*seqBlockRows, min((b+1)*seqBlockRows, p.batchRows()))
	}
}

// runSeqBlocks runs the loop a over the blocks of its batch, each block on
// one core.
func runSeqBlocks[A any, P interface {
	*A
	seqRows
}](a A) {
	t := parallel.GetTask[seqTask[A, P]](&seqTasks)
	t.a = a
	parallel.ForTask((P(&t.a).batchRows()+seqBlockRows-1)/seqBlockRows, 1, t)
	var zero A
	t.a = zero // keep no reference to the tensors
	seqTasks.Put(t)
}

// seqInputs returns the inputs of a sequence op: x, W, U, then b and the
// initial state where they are not nil.
func seqInputs(x, w, u, b, state *Node) []*Node {
	ins := []*Node{x, w, u}
	if b != nil {
		ins = append(ins, b)
	}
	if state != nil {
		ins = append(ins, state)
	}
	return ins
}

// seqArity is the number of inputs of a sequence op (see seqInputs).
func seqArity(bias, initial bool) int {
	n := 3
	if bias {
		n++
	}
	if initial {
		n++
	}
	return n
}

// seqStatesGradient splits dy, the gradient of the output of sequence op
// n, whose first steps matrices (along axis 0) are the states and the
// rest, up to matrix total, what its gradient reads. When dy is the
// zero-padded gradient of the states of steps [first, last) alone (a
// SliceGrad of n, which is how the layers read the op), it returns that
// gradient as dS and rest nil, so that the zeros are never written or
// read; otherwise dS is the states' part of dy (first 0, last steps) and
// rest the other part.
func seqStatesGradient(n, dy *Node, steps, total int) (dS, rest *Node, first, last int) {
	if sg, ok := dy.op.(sliceGradOp); ok && dy.inputs[1] == n && sg.axis == 0 && sg.start >= 0 && sg.start < sg.end && sg.end <= steps {
		return dy.inputs[0], nil, sg.start, sg.end
	}
	return Slice(dy, 0, 0, steps), Slice(dy, 0, steps, total), 0, steps
}

// maskRows sets dst (rows, units, packed) to the first units columns of
// the rows of src (row stride stride) times mask (rows, units): the h
// that a step's recurrent product reads under Keras's recurrent dropout.
func maskRows[T tensor.Float](dst, src []T, stride int, mask []T, rows, units int) {
	for r := 0; r < rows; r++ {
		rnnMul(dst[r*units:(r+1)*units], src[r*stride:r*stride+units], mask[r*units:(r+1)*units])
	}
}

// seqScratch is a core's working memory for a sequence op's loop, cached
// in seqScratches so that a run allocates nothing.
type seqScratch[T tensor.Float] struct{ buf []T }

var seqScratches parallel.TaskCache

// seqScratchOf returns a scratch of n elements (not cleared); give it
// back with seqScratches.Put.
func seqScratchOf[T tensor.Float](n int) (*seqScratch[T], []T) {
	sc := parallel.GetTask[seqScratch[T]](&seqScratches)
	if cap(sc.buf) < n {
		sc.buf = make([]T, n)
	}
	return sc, sc.buf[:n]
}

// seqShapes checks the inputs x (steps·batch, features), W (features,
// gates·units) and U (units, gates·units) that every sequence op takes
// first, and returns the float dtype, the units and the batch size
// (Unknown if x's rows are).
func seqShapes(steps, gates int, d []tensor.DType, s []tensor.Shape) (dt tensor.DType, units, batch int, err error) {
	if dt, err = floatDType(d); err != nil {
		return 0, 0, 0, err
	}
	if steps <= 0 {
		return 0, 0, 0, fmt.Errorf("needs at least one time step, got %d", steps)
	}
	x, w, u := s[0], s[1], s[2]
	if len(x) != 2 || len(w) != 2 || len(u) != 2 {
		return 0, 0, 0, fmt.Errorf("needs matrices x (steps·batch, features), W (features, %s) and U (units, %s), got %s",
			gatesUnits(gates), gatesUnits(gates), formatShapes(s))
	}
	units = u[0]
	if units == Unknown || u[1] != gates*units {
		return 0, 0, 0, fmt.Errorf("U must have shape (units, %s) with known units, got %s", gatesUnits(gates), formatShape(u))
	}
	if x[1] == Unknown || w[0] != x[1] || w[1] != gates*units {
		return 0, 0, 0, fmt.Errorf("W must have shape (%s, %d) for x %s, got %s", formatDim(x[1]), gates*units, formatShape(x), formatShape(w))
	}
	batch = Unknown
	if x[0] != Unknown {
		if x[0]%steps != 0 {
			return 0, 0, 0, fmt.Errorf("x has %d rows, not a multiple of the %d steps", x[0], steps)
		}
		batch = x[0] / steps
	}
	return dt, units, batch, nil
}

// gatesUnits writes "k·units" (or "units" for k = 1).
func gatesUnits(k int) string {
	if k == 1 {
		return "units"
	}
	return fmt.Sprintf("%d·units", k)
}

// seqInitial checks the initial state st of a sequence op, (batch, cols),
// and returns the batch size, taken from st when batch is Unknown.
func seqInitial(st tensor.Shape, batch, cols int) (int, error) {
	if len(st) != 2 || (st[1] != Unknown && st[1] != cols) ||
		(st[0] != Unknown && batch != Unknown && st[0] != batch) {
		return 0, fmt.Errorf("the initial state must have shape (%s, %d), got %s", formatDim(batch), cols, formatShape(st))
	}
	if batch == Unknown {
		batch = st[0]
	}
	return batch, nil
}

// seqMask checks the recurrent dropout mask m of a sequence op, (batch,
// units), and returns the batch size, taken from m when batch is Unknown.
func seqMask(m tensor.Shape, batch, units int) (int, error) {
	if len(m) != 2 || (m[1] != Unknown && m[1] != units) ||
		(m[0] != Unknown && batch != Unknown && m[0] != batch) {
		return 0, fmt.Errorf("the recurrent mask must have shape (%s, %d), got %s", formatDim(batch), units, formatShape(m))
	}
	if batch == Unknown {
		batch = m[0]
	}
	return batch, nil
}

// nonNil returns the nodes of ns that are not nil, in order.
func nonNil(ns ...*Node) []*Node {
	out := make([]*Node, 0, len(ns))
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// formatDim writes a dimension, "None" when unknown.
func formatDim(d int) string {
	if d == Unknown {
		return "None"
	}
	return fmt.Sprint(d)
}
