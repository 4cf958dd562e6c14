package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
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

// seqOpts names the optional inputs of a sequence op, which follow x, W
// and U in this order: the bias, the initial state, the recurrent dropout
// mask and the mask of the steps.
type seqOpts struct {
	bias, initial, recMask, masked bool
}

// seqInputs returns the inputs of a sequence op, x, W, U and the optional
// ones that are not nil, and which of them it has.
func seqInputs(x, w, u, b, state, hMask, mask *Node) ([]*Node, seqOpts) {
	return append([]*Node{x, w, u}, nonNil(b, state, hMask, mask)...),
		seqOpts{bias: b != nil, initial: state != nil, recMask: hMask != nil, masked: mask != nil}
}

// arity is the number of inputs of an op with these options.
func (o seqOpts) arity() int {
	n := seqArity(o.bias, o.initial)
	for _, has := range []bool{o.recMask, o.masked} {
		if has {
			n++
		}
	}
	return n
}

// optional returns the initial state, the recurrent mask and the mask of
// the steps among the inputs in of an op with these options (nil where
// it has none).
func (o seqOpts) optional(in []*Node) (state, hMask, mask *Node) {
	next := seqArity(o.bias, false)
	if o.initial {
		state, next = in[next], next+1
	}
	if o.recMask {
		hMask, next = in[next], next+1
	}
	if o.masked {
		mask = in[next]
	}
	return state, hMask, mask
}

// checkOptional checks the shapes s of the optional inputs after the bias
// — an initial state stateCols wide, a recurrent mask of units columns, a
// mask of steps rows — and returns the batch size (batch, or the first
// known one).
func (o seqOpts) checkOptional(s []tensor.Shape, steps, batch, stateCols, units int) (int, error) {
	next := seqArity(o.bias, false)
	var err error
	if o.initial {
		if batch, err = seqInitial(s[next], batch, stateCols); err != nil {
			return 0, err
		}
		next++
	}
	if o.recMask {
		if batch, err = seqMask(s[next], batch, units); err != nil {
			return 0, err
		}
		next++
	}
	if o.masked {
		if batch, err = seqStepMask(s[next], steps, batch); err != nil {
			return 0, err
		}
	}
	return batch, nil
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
	if total == steps { // the output is the states alone
		return dy, nil, 0, steps
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

// seqStepMask checks the mask of the steps m of a sequence op, (steps,
// batch), and returns the batch size, taken from m when batch is Unknown.
func seqStepMask(m tensor.Shape, steps, batch int) (int, error) {
	if len(m) != 2 || m[0] != steps || (m[1] != Unknown && batch != Unknown && m[1] != batch) {
		return 0, fmt.Errorf("the mask of the steps must have shape (%d, %s), got %s", steps, formatDim(batch), formatShape(m))
	}
	if batch == Unknown {
		batch = m[1]
	}
	return batch, nil
}

// checkBinaryMask panics with a *tensor.Error (which Run reports naming
// the node) unless every value of the float mask m is 0 or 1.
func checkBinaryMask(op string, m *tensor.Tensor) {
	bad := false
	switch d := m.Raw().(type) {
	case []float32:
		for _, v := range d {
			bad = bad || v != 0 && v != 1
		}
	case []float64:
		for _, v := range d {
			bad = bad || v != 0 && v != 1
		}
	}
	if bad {
		panic(&tensor.Error{Op: op, Msg: "the mask of the steps must hold only 0 and 1"})
	}
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

// seqKernelGradOp is the gradient of a sequence op's recurrent kernel U
// (units, gates·units), from the op's output y (its first steps matrices
// the states, (batch, hMult·units), h first), the gradient g of the
// pre-activations that the op's backward loop wrote, (steps·batch,
// gates·units) time-major, and, where the op has them, its initial state
// and its recurrent dropout mask (see recurrentKernelGrad).
type seqKernelGradOp struct {
	op                  string // the sequence op's type
	steps, gates, hMult int
	initial, recMask    bool
}

func (o seqKernelGradOp) Type() string { return o.op + "KernelGrad" }

func (o seqKernelGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, seqArity(o.initial, o.recMask)-1); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	y := s[0]
	if len(y) != 3 || y[2] == Unknown || y[2]%o.hMult != 0 {
		return 0, nil, fmt.Errorf("needs %s's output (%d·steps, batch, %s), got %s", o.op, o.hMult, gatesUnits(o.hMult), formatShape(y))
	}
	units := y[2] / o.hMult
	return dt, tensor.Shape{units, o.gates * units}, nil
}

func (o seqKernelGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		y, g, s0, hm, batch := seqKernelGradInputs[float32](in, o.initial, o.recMask)
		recurrentKernelGrad(o.steps, o.hMult, batch, out.Float32s(), y, g, s0, hm, out.Shape()[0], out.Shape()[1])
	case tensor.Float64:
		y, g, s0, hm, batch := seqKernelGradInputs[float64](in, o.initial, o.recMask)
		recurrentKernelGrad(o.steps, o.hMult, batch, out.Float64s(), y, g, s0, hm, out.Shape()[0], out.Shape()[1])
	}
}

// Gradient: second derivatives of the sequence ops are not implemented.
func (o seqKernelGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of %s are not implemented", ErrNoGradient, o.op)
}

// recurrentKernelGrad computes the gradient du of a recurrent kernel U
// (units, n): from the sequence op's output y, whose first steps matrices
// (batch, hMult·units) hold the states, h in their first units columns;
// the gradient g of the pre-activations, (steps·batch, n) time-major; the
// initial state s0 (batch, hMult·units), nil for zeros; and the recurrent
// dropout mask hm (batch, units), nil for none. It is
//
//	du = s0ᵀ·g_0 + [h_0; …; h_{T-2}]ᵀ·[g_1; …; g_{T-1}]
//
// (each h times hm with recurrent dropout), the second term one product
// of depth (steps−1)·batch on all cores, reading y and g in place (the
// masked states are copied first).
func recurrentKernelGrad[T tensor.Float](steps, hMult, batch int, du, y, g, s0, hm []T, units, n int) {
	B, u := batch, units
	ys, lda, s0s, lds := y, hMult*u, s0, hMult*u
	if hm != nil {
		sc, buf := seqScratchOf[T](steps * B * u)
		defer seqScratches.Put(sc)
		for t := 0; t < steps-1; t++ {
			maskRows(buf[t*B*u:], y[t*B*lda:], lda, hm, B, u)
		}
		ys, lda = buf, u
		if s0 != nil {
			s0s, lds = buf[(steps-1)*B*u:], u
			maskRows(s0s, s0, hMult*u, hm, B, u)
		}
	}
	beta := T(0)
	if steps > 1 {
		kernels.Gemm(true, false, u, n, (steps-1)*B, 1, ys, lda, g[B*n:], n, 0, du, n)
		beta = 1
	}
	if s0 != nil {
		kernels.Gemm(true, false, u, n, B, 1, s0s, lds, g, n, beta, du, n)
	} else if beta == 0 {
		clear(du)
	}
}

// seqKernelGradInputs returns, from the inputs of a kernel gradient op
// (y, g, then the initial state and the recurrent mask where the op has
// them), the output y, g, s0 and hm as flat arrays, and the batch size.
func seqKernelGradInputs[T tensor.Float](in []*tensor.Tensor, initial, recMask bool) (y, g, s0, hm []T, batch int) {
	y, g, rest := tensor.Data[T](in[0]), tensor.Data[T](in[1]), in[2:]
	if initial {
		s0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if recMask {
		hm = tensor.Data[T](rest[0])
	}
	return y, g, s0, hm, in[0].Shape()[1]
}
