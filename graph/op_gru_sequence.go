package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// The GRU over a whole sequence as one op, built like LSTMSequence (see
// rnn_sequence.go, which tells why): the batch rows are cut into the
// same fixed blocks (seqBlockRows), and one core runs every time step
// of a block, with serial GEMMs (kernels.GemmSerial) and the GRU cell's
// block functions, forward and, in gruSeqGradOp, backward. The products
// of the gradient over all the steps (of x, W and U) read the loop's
// output in place (gruSeqProductOp).

// gruSeqOp is GRUSequence over steps time steps in one reset mode, with
// the optional inputs of seqOpts.
type gruSeqOp struct {
	steps      int
	resetAfter bool
	seqOpts
}

// GRUSequence runs Keras's GRU layer (activation tanh, recurrent
// activation sigmoid, gate order z, r, h) over steps time steps and
// returns every step's state and what the gradient needs, packed in one
// tensor of shape (5·steps, batch, units):
//
//   - matrix t < steps is the state h_t after step t;
//   - matrices steps+3t to steps+3t+2, read as one (batch, 3·units)
//     matrix, are the activated gates [z | r | hh] of step t;
//   - matrix 4·steps+t is rec_h, the h third of h_{t-1}·U + recurrent
//     bias, with resetAfter, or r·h_{t-1} without; the gradient reads
//     these and the gates, and nothing else should need them.
//
// x, of shape (steps·batch, features), holds the inputs of every step,
// time-major (the rows of step t are rows t·batch to (t+1)·batch); w
// (features, 3·units) is the kernel and u (units, 3·units) the recurrent
// kernel. b, if not nil, is the bias as Keras stores it: with resetAfter
// (Keras's default reset_after=True) of shape (2, 3·units), row 0 the
// input bias and row 1 the recurrent bias; without, of shape (3·units,).
// h0, if not nil, is the initial state (batch, units); nil means zeros.
// Each step computes, as GRUCell (resetAfter) or GRUResetHidden and
// GRUCellResetBefore do,
//
//	x = x_t·W + input_bias
//	resetAfter:
//	  rec = h·U + recurrent_bias
//	  z = σ(x_z + rec_z), r = σ(x_r + rec_r), hh = tanh(x_h + r·rec_h)
//	without:
//	  z = σ(x_z + h·U_z), r = σ(x_r + h·U_r), hh = tanh(x_h + (r·h)·U_h)
//	h = z·h + (1 − z)·hh
//
// The input projection is computed step by step inside the loop, by the
// core that owns the rows, so no (steps·batch, 3·units) matrix of
// projections is ever written out and read back.
func GRUSequence(x, w, u, b, h0 *Node, steps int, resetAfter bool) *Node {
	return GRUSequenceRecurrentDropout(x, w, u, b, h0, nil, steps, resetAfter)
}

// GRUSequenceRecurrentDropout is [GRUSequence] with Keras's recurrent
// dropout: hMask, if not nil, of shape (batch, units), multiplies h in
// every step's recurrent products, the same mask at every step (Keras
// draws one per run: a Dropout of ones), while the mix keeps h itself:
//
//	m = h ⊙ hMask
//	resetAfter:
//	  rec = m·U + recurrent_bias, then z, r and hh as in GRUSequence
//	without:
//	  z = σ(x_z + m·U_z), r = σ(x_r + m·U_r), hh = tanh(x_h + (r·m)·U_h)
//	h = z·h + (1 − z)·hh
//
// Without resetAfter, the last matrices of the output hold r·m. The mask
// is not differentiated: its gradient is taken as zero.
func GRUSequenceRecurrentDropout(x, w, u, b, h0, hMask *Node, steps int, resetAfter bool) *Node {
	return GRUSequenceMasked(x, w, u, b, h0, hMask, nil, steps, resetAfter)
}

// GRUSequenceMasked is [GRUSequenceRecurrentDropout] with Keras's mask of
// the time steps: mask, if not nil, of shape (steps, batch) (time-major,
// like x), holds 1 for the steps to use and 0 for the steps to skip,
// where a sample's state stays what it was (h0, or zeros, before its
// first used step); the gates and rec_h of a skipped step are still
// those the step computed from that state. Every value must be 0 or 1
// (Keras's masks are booleans), or Run fails; the mask is not
// differentiated.
func GRUSequenceMasked(x, w, u, b, h0, hMask, mask *Node, steps int, resetAfter bool) *Node {
	ins, opts := seqInputs(x, w, u, b, h0, hMask, mask)
	op := gruSeqOp{steps: steps, resetAfter: resetAfter, seqOpts: opts}
	return graphOf(ins...).AddNode(op, "GRUSequence", ins...)
}

func (gruSeqOp) Type() string { return "GRUSequence" }

func (o gruSeqOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, o.arity()); err != nil {
		return 0, nil, err
	}
	dt, units, batch, err := seqShapes(o.steps, 3, d, s)
	if err != nil {
		return 0, nil, err
	}
	if o.bias {
		want := tensor.Shape{3 * units}
		if o.resetAfter {
			want = tensor.Shape{2, 3 * units}
		}
		if !sameStatic(s[3], want) {
			return 0, nil, fmt.Errorf("the bias must have shape %s (reset after: %v), got %s", formatShape(want), o.resetAfter, formatShape(s[3]))
		}
	}
	if batch, err = o.checkOptional(s, o.steps, batch, units, units); err != nil {
		return 0, nil, err
	}
	return dt, tensor.Shape{5 * o.steps, batch, units}, nil
}

func (o gruSeqOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.masked {
		checkBinaryMask("GRUSequence", in[len(in)-1])
	}
	switch out.DType() {
	case tensor.Float32:
		gruSeqRun[float32](o, out, in, false)
	case tensor.Float64:
		gruSeqRun[float64](o, out, in, false)
	}
}

// Gradient: one backward loop (gruSeqGradOp) gives the gradient G of the
// gates' pre-activations at every step, x's side [dz | dr | dhh] and,
// with resetAfter, rec_h's; from it, x's, W's and U's gradients are one
// product each over all the steps reading G in place (gruSeqProductOp),
// the bias's column sums of G. When dy is the zero-padded gradient of
// some of the states alone (a Slice of matrices of the first steps, which
// is how the layers read the op), the loop reads just those and the
// zeros are never written. With a recurrent mask, the loop masks the
// gradient that flows back through the recurrent products and U's
// gradient reads the masked states; the mask itself gets none. With a
// mask of the steps, a skipped step's row of G has no share of the
// state's gradient, which passes to the step before unchanged; the
// products read G and the states as they are (a skipped step's row of y
// holds the state that step read), and the mask gets no gradient.
func (o gruSeqOp) Gradient(n, dy *Node) ([]*Node, error) {
	g := graphOf(n, dy)
	T := o.steps
	x, w, u := n.inputs[0], n.inputs[1], n.inputs[2]
	h0, hm, mask := o.optional(n.inputs)
	dS, dRest, first, last := seqStatesGradient(n, dy, T, 5*T)
	gop := gruSeqGradOp{steps: T, resetAfter: o.resetAfter, initial: o.initial, recMask: o.recMask, masked: o.masked, dRest: dRest != nil, first: first, last: last}
	grad := g.AddNode(gop, "GRUSequenceGrad", append([]*Node{n, dS, u}, nonNil(h0, hm, mask, dRest)...)...)
	uop := gruSeqProductOp{wrt: gruSeqWrtU, steps: T, resetAfter: o.resetAfter, initial: o.initial, recMask: o.recMask}
	out := []*Node{
		g.AddNode(gruSeqProductOp{wrt: gruSeqWrtX, steps: T, resetAfter: o.resetAfter}, "GRUSequenceGradX", grad, w),
		g.AddNode(gruSeqProductOp{wrt: gruSeqWrtW, steps: T, resetAfter: o.resetAfter}, "GRUSequenceGradW", x, grad),
		g.AddNode(uop, "GRUSequenceGradU", append([]*Node{n, grad}, nonNil(h0, hm)...)...),
	}
	units := u.shape[0]
	if o.bias {
		gz := grad
		if h0 != nil {
			gz = Slice(grad, 0, 0, T)
		}
		s := Sum(gz, []int{0, 1}, false) // [dz | dr | dhh (| drec_h)], summed
		if o.resetAfter {
			s = Reshape(Concat(0, Slice(s, 0, 0, 3*units), Slice(s, 0, 0, 2*units), Slice(s, 0, 3*units, 4*units)), 2, 3*units)
		}
		out = append(out, s)
	}
	if h0 != nil {
		out = append(out, Reshape(Slice(Slice(grad, 0, T, T+1), 2, 0, units), -1, units))
	}
	if o.recMask {
		out = append(out, nil) // the recurrent mask is not differentiated
	}
	if o.masked {
		out = append(out, nil) // nor is the mask of the steps
	}
	return out, nil
}

// gruSeqArgs are the buffers of one GRUSequence run or of its gradient,
// as flat row-major arrays.
type gruSeqArgs[T tensor.Float] struct {
	steps, batch, units int
	features            int
	resetAfter          bool
	x, w, u, b, h0      []T // b nil without bias, h0 nil for a zero initial state
	hm                  []T // the recurrent dropout mask (batch, units), or nil
	mask                []T // the mask of the steps (steps, batch), or nil
	first, last         int // gradient only: the steps dS covers
	y                   []T // the op's output
	dS, dRest           []T // gradient only: of the states, and of the rest of y (nil: zero)
	g                   []T // gradient only: its output
	backward            bool
}

// batchRows returns the batch size.
func (a *gruSeqArgs[T]) batchRows() int { return a.batch }

// runRows runs every time step, forward or backward, for rows [lo, hi).
func (a *gruSeqArgs[T]) runRows(lo, hi int) {
	if a.backward {
		a.backwardRows(lo, hi)
	} else {
		a.forwardRows(lo, hi)
	}
}

// gruSeqRun runs the forward loop of op o (backward false: the inputs of
// GRUSequence) or the gradient's (backward true, see gruSeqGradOp) into
// out, each block of batch rows on one core.
func gruSeqRun[T tensor.Float](o any, out *tensor.Tensor, in []*tensor.Tensor, backward bool) {
	a := gruSeqArgs[T]{backward: backward}
	if backward {
		a.fillGrad(o.(gruSeqGradOp), out, in)
	} else {
		a.fillForward(o.(gruSeqOp), out, in)
	}
	runSeqBlocks[gruSeqArgs[T]](a)
}

// fillForward sets the arguments of a forward run.
func (a *gruSeqArgs[T]) fillForward(o gruSeqOp, out *tensor.Tensor, in []*tensor.Tensor) {
	a.steps, a.resetAfter = o.steps, o.resetAfter
	a.x, a.w, a.u, a.y = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
	a.units, a.features = in[2].Shape()[0], in[0].Shape()[1]
	a.batch = in[0].Shape()[0] / o.steps
	rest := in[3:]
	if o.bias {
		a.b, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.initial {
		a.h0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.recMask {
		a.hm, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.masked {
		a.mask = tensor.Data[T](rest[0])
	}
}

// state returns the state h after step t (batch, units), or the initial
// state for t = -1 (nil when it is zero).
func (a *gruSeqArgs[T]) state(t int) []T {
	if t < 0 {
		return a.h0
	}
	n := a.batch * a.units
	return a.y[t*n : (t+1)*n]
}

// gates returns the activated gates [z | r | hh] of step t (batch,
// 3·units).
func (a *gruSeqArgs[T]) gates(t int) []T {
	n := a.batch * 3 * a.units
	off := a.steps * a.batch * a.units
	return a.y[off+t*n : off+(t+1)*n]
}

// rec returns rec_h (resetAfter) or r·h_{t-1} of step t (batch, units),
// h_{t-1} times the recurrent mask if there is one.
func (a *gruSeqArgs[T]) rec(t int) []T {
	n := a.batch * a.units
	off := 4 * a.steps * n
	return a.y[off+t*n : off+(t+1)*n]
}

// forwardRows runs every step for batch rows [lo, hi). The block
// functions see the rows' slices of every matrix, so their row r is
// batch row lo+r. With recurrent dropout the products read a masked copy
// of the rows' h, and the mix h itself.
func (a *gruSeqArgs[T]) forwardRows(lo, hi int) {
	u, B, F, rows := a.units, a.batch, a.features, hi-lo
	sc, buf := seqScratchOf[T](rows * 4 * u)
	buf, hmBuf := buf[:rows*3*u], buf[rows*3*u:]
	for t := 0; t < a.steps; t++ {
		gt := a.gates(t)[lo*3*u : hi*3*u]
		var hp []T
		if p := a.state(t - 1); p != nil {
			hp = p[lo*u : hi*u]
		}
		// x = x_t·W + input bias, into the gates' rows.
		beta := T(0)
		if a.b != nil {
			for r := 0; r < rows; r++ {
				copy(gt[r*3*u:(r+1)*3*u], a.b[:3*u])
			}
			beta = 1
		}
		kernels.GemmSerial(false, false, rows, 3*u, F, 1, a.x[(t*B+lo)*F:], F, a.w, 3*u, beta, gt, 3*u)
		rec, hr := a.rec(t)[lo*u:hi*u], hp // hr: the h the recurrent products read
		if hp != nil && a.hm != nil {
			hr = hmBuf
			rnnMul(hr, hp, a.hm[lo*u:hi*u])
		}
		if a.resetAfter {
			a.gatesAfter(gt, hr, rec, buf)
		} else {
			a.gatesBefore(gt, hr, rec, buf)
		}
		c := rnnArgs[T]{out: a.state(t)[lo*u : hi*u], units: u}
		c.in[0] = gt
		if hp != nil {
			c.in[1] = hp
			rnnSeqBlocks(&c, rows, gruMixBlock[T, gruK3])
		} else {
			rnnSeqBlocks(&c, rows, gruMixZeroPrev[T])
		}
		if a.mask != nil {
			a.keepMasked(t, lo, hi)
		}
	}
	seqScratches.Put(sc)
}

// keepMasked sets the state after step t of the rows in [lo, hi) whose
// mask is 0 back to the state before the step (zeros before the first
// step without an initial state).
func (a *gruSeqArgs[T]) keepMasked(t, lo, hi int) {
	u, s, prev := a.units, a.state(t), a.state(t-1)
	for r := lo; r < hi; r++ {
		if a.mask[t*a.batch+r] != 0 {
			continue
		}
		if prev == nil {
			clear(s[r*u : (r+1)*u])
		} else {
			copy(s[r*u:(r+1)*u], prev[r*u:(r+1)*u])
		}
	}
}

// gatesAfter turns the rows x of one step, in gt, into the activated
// gates [z | r | hh] of reset_after=True, writing rec_h into rech; buf
// holds rec = h·U + recurrent bias (rows, 3·units). hp is the h that the
// product reads (masked, with recurrent dropout), nil for zeros.
func (a *gruSeqArgs[T]) gatesAfter(gt, hp, rech, buf []T) {
	u := a.units
	rows := len(gt) / (3 * u)
	rec := buf[:rows*3*u]
	beta := T(0)
	if a.b != nil {
		for r := 0; r < rows; r++ {
			copy(rec[r*3*u:(r+1)*3*u], a.b[3*u:])
		}
		beta = 1
	}
	switch {
	case hp != nil:
		kernels.GemmSerial(false, false, rows, 3*u, u, 1, hp, u, a.u, 3*u, beta, rec, 3*u)
	case a.b == nil:
		clear(rec)
	}
	c := rnnArgs[T]{out: gt, units: u}
	c.in[0], c.in[1] = gt, rec // in place: each element reads only its own x
	rnnSeqBlocks(&c, rows, gruGatesAfterBlock[T])
	for r := 0; r < rows; r++ {
		copy(rech[r*u:(r+1)*u], rec[r*3*u+2*u:(r+1)*3*u])
	}
}

// gatesBefore turns the rows x of one step, in gt, into the activated
// gates [z | r | hh] of reset_after=False, writing r·h into rh; buf holds
// h·U_zr (rows, 2·units), then (r·h)·U_h (rows, units). hp is the h that
// the products read (masked, with recurrent dropout), nil for zeros.
func (a *gruSeqArgs[T]) gatesBefore(gt, hp, rh, buf []T) {
	u := a.units
	rows := len(gt) / (3 * u)
	if hp == nil {
		for r := 0; r < rows; r++ {
			g := gt[r*3*u : (r+1)*3*u]
			rnnSigmoid(g[:2*u], g[:2*u])
			rnnTanh(g[2*u:], g[2*u:])
		}
		clear(rh)
		return
	}
	recZR := buf[:rows*2*u]
	kernels.GemmSerial(false, false, rows, 2*u, u, 1, hp, u, a.u, 3*u, 0, recZR, 2*u)
	for r := 0; r < rows; r++ {
		g := gt[r*3*u : r*3*u+2*u]
		gruPreact(g, g, recZR[r*2*u:(r+1)*2*u])
		rnnSigmoid(g, g)
	}
	kernels.Rows(kernels.OpMul, rh, gt[u:], hp, rows, u, 3*u, u)
	recH := buf[:rows*u]
	kernels.GemmSerial(false, false, rows, u, u, 1, rh, u, a.u[2*u:], 3*u, 0, recH, u)
	for r := 0; r < rows; r++ {
		hh := gt[r*3*u+2*u : (r+1)*3*u]
		gruPreact(hh, hh, recH[r*u:(r+1)*u])
		rnnTanh(hh, hh)
	}
}

// rnnSeqBlocks calls block on every units block of rows [0, rows).
func rnnSeqBlocks[T tensor.Float](c *rnnArgs[T], rows int, block func(*rnnArgs[T], int, int, int)) {
	for r := 0; r < rows; r++ {
		for j0 := 0; j0 < c.units; j0 += rnnBlock {
			block(c, r, j0, min(j0+rnnBlock, c.units))
		}
	}
}

// gruMixZeroPrev is gruMixBlock (k = 3) with a zero previous state:
// h = (1 − z)·hh (z·0 adds nothing).
func gruMixZeroPrev[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	gt := a.in[0][3*u*r : 3*u*(r+1)]
	h := a.out[u*r+j0 : u*r+j1]
	kernels.ScalarVec(kernels.OpSub, h, 1, gt[j0:j1])
	rnnMul(h, h, gt[2*u+j0:2*u+j1])
}
