package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// The LSTM over a whole sequence as one op: see rnn_sequence.go for why
// and how. The gradient is one backward loop (lstmSeqGradOp), then one
// product each for x, W and U (seqKernelGradOp) and a column sum for
// the bias.

// lstmSeqOp is LSTMSequence over steps time steps, with the optional
// inputs of seqOpts.
type lstmSeqOp struct {
	steps int
	seqOpts
}

// LSTMSequence runs Keras's LSTM layer (activation tanh, recurrent
// activation sigmoid) over steps time steps and returns every step's
// state and activated gates, packed in one tensor of shape
// (3·steps, batch, 2·units):
//
//   - matrix t < steps is the state [h_t | c_t] after step t;
//   - matrices steps+2t and steps+2t+1, read as one (batch, 4·units)
//     matrix, are the activated gates [i | f | g | o] of step t, which the
//     gradient reads and nothing else should need.
//
// x, of shape (steps·batch, features), holds the inputs of every step,
// time-major (the rows of step t are rows t·batch to (t+1)·batch); w
// (features, 4·units) is the kernel, u (units, 4·units) the recurrent
// kernel and b (4·units), if not nil, the bias, in Keras's gate order i,
// f, c, o. state, if not nil, is the initial packed state [h_0 | c_0] of
// shape (batch, 2·units); nil means zeros. Each step computes, as
// LSTMCell does,
//
//	z = x_t·W + h·U + b
//	i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o)
//	c = f·c + i·g
//	h = o·tanh(c)
//
// The input projection x_t·W is computed step by step inside the loop,
// by the core that owns the rows, so no (steps·batch, 4·units) matrix of
// projections is ever written out and read back.
func LSTMSequence(x, w, u, b, state *Node, steps int) *Node {
	return LSTMSequenceRecurrentDropout(x, w, u, b, state, nil, steps)
}

// LSTMSequenceRecurrentDropout is [LSTMSequence] with Keras's recurrent
// dropout: hMask, if not nil, of shape (batch, units), multiplies h in
// every step's recurrent product, z = x_t·W + (h ⊙ hMask)·U + b, the same
// mask at every step (Keras draws one per run: a Dropout of ones). The
// state itself is not masked. The mask is not differentiated: its
// gradient is taken as zero.
func LSTMSequenceRecurrentDropout(x, w, u, b, state, hMask *Node, steps int) *Node {
	return LSTMSequenceMasked(x, w, u, b, state, hMask, nil, steps)
}

// LSTMSequenceMasked is [LSTMSequenceRecurrentDropout] with Keras's mask
// of the time steps: mask, if not nil, of shape (steps, batch)
// (time-major, like x), holds 1 for the steps to use and 0 for the steps
// to skip, where a sample's state stays what it was (the initial state
// before its first used step). Every value must be 0 or 1 (Keras's masks
// are booleans), or Run fails; the mask is not differentiated.
func LSTMSequenceMasked(x, w, u, b, state, hMask, mask *Node, steps int) *Node {
	ins, opts := seqInputs(x, w, u, b, state, hMask, mask)
	op := lstmSeqOp{steps: steps, seqOpts: opts}
	return graphOf(ins...).AddNode(op, "LSTMSequence", ins...)
}

func (lstmSeqOp) Type() string { return "LSTMSequence" }

func (o lstmSeqOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, o.arity()); err != nil {
		return 0, nil, err
	}
	dt, units, batch, err := seqShapes(o.steps, 4, d, s)
	if err != nil {
		return 0, nil, err
	}
	if o.bias && !sameStatic(s[3], tensor.Shape{4 * units}) {
		return 0, nil, fmt.Errorf("the bias must have shape (%d,), got %s", 4*units, formatShape(s[3]))
	}
	if batch, err = o.checkOptional(s, o.steps, batch, 2*units, units); err != nil {
		return 0, nil, err
	}
	return dt, tensor.Shape{3 * o.steps, batch, 2 * units}, nil
}

func (o lstmSeqOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.masked {
		checkBinaryMask("LSTMSequence", in[len(in)-1])
	}
	switch out.DType() {
	case tensor.Float32:
		lstmSeqRun[float32](o, out, in, false)
	case tensor.Float64:
		lstmSeqRun[float64](o, out, in, false)
	}
}

// Gradient: the gradient dz of the gates' pre-activations at every step
// comes from one backward loop (lstmSeqGradOp); from it, x's and W's
// gradients are one product each over all the steps (dz·Wᵀ, xᵀ·dz), the
// bias's a column sum, U's one product too (seqKernelGradOp). When dy
// is the zero-padded gradient of some of the states alone (a Slice of
// matrices of the first steps, which is how the layers read the op), the
// loop reads just those and the zeros are never written.
func (o lstmSeqOp) Gradient(n, dy *Node) ([]*Node, error) {
	g := graphOf(n, dy)
	T := o.steps
	x, w, u := n.inputs[0], n.inputs[1], n.inputs[2]
	s0, hm, mask := o.optional(n.inputs)
	dS, dGates, first, last := seqStatesGradient(n, dy, T, 3*T)
	gop := lstmSeqGradOp{steps: T, initial: o.initial, recMask: o.recMask, masked: o.masked, dGates: dGates != nil, first: first, last: last}
	grad := g.AddNode(gop, "LSTMSequenceGrad", append([]*Node{n, dS, u}, nonNil(s0, hm, mask, dGates)...)...)
	du := g.AddNode(seqKernelGradOp{op: "LSTMSequence", steps: T, gates: 4, hMult: 2, initial: o.initial, recMask: o.recMask}, "LSTMSequenceKernelGrad",
		append([]*Node{n, grad}, nonNil(s0, hm)...)...)
	dz := grad
	units := u.shape[0]
	if s0 != nil {
		// grad is (steps+1, batch, 4·units): dz, then [dh_0 | dc_0 | 0].
		dz = Reshape(Slice(grad, 0, 0, T), -1, 4*units)
	}
	out := []*Node{MatMulT(dz, w, false, true), MatMulT(x, dz, true, false), du}
	if o.bias {
		out = append(out, Sum(dz, []int{0}, false))
	}
	if s0 != nil {
		out = append(out, Reshape(Slice(Slice(grad, 0, T, T+1), 2, 0, 2*units), -1, 2*units))
	}
	if o.recMask {
		out = append(out, nil) // the recurrent mask is not differentiated
	}
	if o.masked {
		out = append(out, nil) // nor is the mask of the steps
	}
	return out, nil
}

// lstmSeqArgs are the buffers of one LSTMSequence run or of its gradient,
// as flat row-major arrays.
type lstmSeqArgs[T tensor.Float] struct {
	steps, batch, units int
	features            int
	x, w, u, b, s0      []T // b nil without bias, s0 nil for a zero initial state
	hm                  []T // the recurrent dropout mask (batch, units), or nil
	mask                []T // the mask of the steps (steps, batch), or nil
	first, last         int // gradient only: the steps dS covers
	y                   []T // the op's output
	dS, dGates          []T // gradient only: of the states, and of the gates (nil: zero)
	g                   []T // gradient only: its output
	backward            bool
}

// batchRows returns the batch size.
func (a *lstmSeqArgs[T]) batchRows() int { return a.batch }

// runRows runs every time step, forward or backward, for rows [lo, hi).
func (a *lstmSeqArgs[T]) runRows(lo, hi int) {
	if a.backward {
		a.backwardRows(lo, hi)
	} else {
		a.forwardRows(lo, hi)
	}
}

// lstmSeqRun runs the forward loop of op o (backward false: the inputs
// of LSTMSequence) or the gradient's (backward true, see lstmSeqGradOp)
// into out, each block of batch rows on one core.
func lstmSeqRun[T tensor.Float](o any, out *tensor.Tensor, in []*tensor.Tensor, backward bool) {
	a := lstmSeqArgs[T]{backward: backward}
	if backward {
		a.fillGrad(o.(lstmSeqGradOp), out, in)
	} else {
		a.fillForward(o.(lstmSeqOp), out, in)
	}
	runSeqBlocks[lstmSeqArgs[T]](a)
}

// fillForward sets the arguments of a forward run.
func (a *lstmSeqArgs[T]) fillForward(o lstmSeqOp, out *tensor.Tensor, in []*tensor.Tensor) {
	a.steps = o.steps
	a.x, a.w, a.u, a.y = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
	a.units, a.features = in[2].Shape()[0], in[0].Shape()[1]
	a.batch = in[0].Shape()[0] / o.steps
	rest := in[3:]
	if o.bias {
		a.b, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.initial {
		a.s0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.recMask {
		a.hm, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.masked {
		a.mask = tensor.Data[T](rest[0])
	}
}

// state returns the packed state matrix after step t (batch, 2·units),
// or the initial state for t = -1 (nil when it is zero).
func (a *lstmSeqArgs[T]) state(t int) []T {
	if t < 0 {
		return a.s0
	}
	n := a.batch * 2 * a.units
	return a.y[t*n : (t+1)*n]
}

// gates returns the activated gates of step t (batch, 4·units).
func (a *lstmSeqArgs[T]) gates(t int) []T {
	n := a.batch * 4 * a.units
	off := a.steps * a.batch * 2 * a.units
	return a.y[off+t*n : off+(t+1)*n]
}

// forwardRows runs every step for batch rows [lo, hi).
func (a *lstmSeqArgs[T]) forwardRows(lo, hi int) {
	u, B := a.units, a.batch
	rows := hi - lo
	var hm []T // the rows' masked h, with recurrent dropout
	if a.hm != nil {
		var sc *seqScratch[T]
		sc, hm = seqScratchOf[T](rows * u)
		defer seqScratches.Put(sc)
	}
	for t := 0; t < a.steps; t++ {
		gt, prev := a.gates(t), a.state(t-1)
		z := gt[lo*4*u : hi*4*u]
		beta := T(0)
		if a.b != nil {
			for r := 0; r < rows; r++ {
				copy(z[r*4*u:(r+1)*4*u], a.b)
			}
			beta = 1
		}
		F := a.features
		kernels.GemmSerial(false, false, rows, 4*u, F, 1, a.x[(t*B+lo)*F:], F, a.w, 4*u, beta, z, 4*u)
		switch {
		case prev != nil && hm != nil:
			maskRows(hm, prev[lo*2*u:], 2*u, a.hm[lo*u:], rows, u)
			kernels.GemmSerial(false, false, rows, 4*u, u, 1, hm, u, a.u, 4*u, 1, z, 4*u)
		case prev != nil:
			kernels.GemmSerial(false, false, rows, 4*u, u, 1, prev[lo*2*u:], 2*u, a.u, 4*u, 1, z, 4*u)
		}
		cell := rnnArgs[T]{out: gt, units: u}
		cell.in[0] = gt
		a.blocks(&cell, lo, hi, lstmGatesBlock[T])
		cell = rnnArgs[T]{out: a.state(t), units: u}
		cell.in[0] = gt
		if prev != nil {
			cell.in[1] = prev
			a.blocks(&cell, lo, hi, lstmCellBlock[T])
		} else {
			a.blocks(&cell, lo, hi, lstmCellZeroPrev[T])
		}
		if a.mask != nil {
			a.keepMasked(t, lo, hi, prev)
		}
	}
}

// keepMasked sets the state after step t of the rows in [lo, hi) whose
// mask is 0 back to the state before the step (prev, nil for zeros).
func (a *lstmSeqArgs[T]) keepMasked(t, lo, hi int, prev []T) {
	n := 2 * a.units
	s := a.state(t)
	for r := lo; r < hi; r++ {
		if a.mask[t*a.batch+r] != 0 {
			continue
		}
		if prev == nil {
			clear(s[r*n : (r+1)*n])
		} else {
			copy(s[r*n:(r+1)*n], prev[r*n:(r+1)*n])
		}
	}
}

// blocks calls block on units blocks of rows [lo, hi).
func (a *lstmSeqArgs[T]) blocks(c *rnnArgs[T], lo, hi int, block func(*rnnArgs[T], int, int, int)) {
	for r := lo; r < hi; r++ {
		for j0 := 0; j0 < a.units; j0 += rnnBlock {
			block(c, r, j0, min(j0+rnnBlock, a.units))
		}
	}
}

// lstmCellZeroPrev is lstmCellBlock with a zero previous cell state:
// c = i·g (f·0 adds nothing), h = o·tanh(c).
func lstmCellZeroPrev[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	gt := a.in[0][4*u*r : 4*u*(r+1)]
	h := a.out[2*u*r+j0 : 2*u*r+j1]
	c := a.out[2*u*r+u+j0 : 2*u*r+u+j1]
	rnnMul(c, gt[j0:j1], gt[2*u+j0:2*u+j1])
	rnnTanh(h, c)
	rnnMul(h, h, gt[3*u+j0:3*u+j1])
}
