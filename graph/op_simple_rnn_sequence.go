package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// simpleRNNSeqOp is SimpleRNNSequence over steps time steps, with the
// optional inputs of seqOpts.
type simpleRNNSeqOp struct {
	steps int
	seqOpts
}

// SimpleRNNSequence runs Keras's SimpleRNN cell with its default
// activation, tanh, over steps time steps and returns every step's
// state, of shape (steps, batch, units):
//
//	h_t = tanh(x_t·W + h_{t-1}·U + b)
//
// x, of shape (steps·batch, features), holds the inputs of every step,
// time-major (the rows of step t are rows t·batch to (t+1)·batch); w
// (features, units) is the kernel, u (units, units) the recurrent kernel
// and b (units), if not nil, the bias. state, if not nil, is h_0
// (batch, units); nil means zeros.
//
// Like LSTMSequence (see rnn_sequence.go), it runs the recurrence as
// one loop: the batch is cut into blocks of seqBlockRows rows, and
// each core runs every step of the blocks it takes, with serial GEMMs, so
// a block's rows never move between cores; the gradient runs backwards
// the same way.
func SimpleRNNSequence(x, w, u, b, state *Node, steps int) *Node {
	return SimpleRNNSequenceRecurrentDropout(x, w, u, b, state, nil, steps)
}

// SimpleRNNSequenceRecurrentDropout is [SimpleRNNSequence] with Keras's
// recurrent dropout: hMask, if not nil, of shape (batch, units),
// multiplies h in every step's recurrent product,
// h_t = tanh(x_t·W + (h_{t-1} ⊙ hMask)·U + b), the same mask at every
// step. The mask is not differentiated: its gradient is taken as zero.
func SimpleRNNSequenceRecurrentDropout(x, w, u, b, state, hMask *Node, steps int) *Node {
	return SimpleRNNSequenceMasked(x, w, u, b, state, hMask, nil, steps)
}

// SimpleRNNSequenceMasked is [SimpleRNNSequenceRecurrentDropout] with
// Keras's mask of the time steps, as [LSTMSequenceMasked] takes it: mask,
// if not nil, of shape (steps, batch), holds 1 for the steps to use and 0
// for the steps to skip, where a sample's h stays what it was. Every
// value must be 0 or 1, or Run fails; the mask is not differentiated.
func SimpleRNNSequenceMasked(x, w, u, b, state, hMask, mask *Node, steps int) *Node {
	ins, opts := seqInputs(x, w, u, b, state, hMask, mask)
	op := simpleRNNSeqOp{steps: steps, seqOpts: opts}
	return graphOf(ins...).AddNode(op, "SimpleRNNSequence", ins...)
}

func (simpleRNNSeqOp) Type() string { return "SimpleRNNSequence" }

func (o simpleRNNSeqOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, o.arity()); err != nil {
		return 0, nil, err
	}
	dt, units, batch, err := seqShapes(o.steps, 1, d, s)
	if err != nil {
		return 0, nil, err
	}
	if o.bias && !sameStatic(s[3], tensor.Shape{units}) {
		return 0, nil, fmt.Errorf("the bias must have shape (%d,), got %s", units, formatShape(s[3]))
	}
	if batch, err = o.checkOptional(s, o.steps, batch, units, units); err != nil {
		return 0, nil, err
	}
	return dt, tensor.Shape{o.steps, batch, units}, nil
}

func (o simpleRNNSeqOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.masked {
		checkBinaryMask("SimpleRNNSequence", in[len(in)-1])
	}
	switch out.DType() {
	case tensor.Float32:
		simpleRNNSeqRun[float32](o, out, in, false)
	case tensor.Float64:
		simpleRNNSeqRun[float64](o, out, in, false)
	}
}

// Gradient: one backward loop (simpleRNNSeqGradOp) gives the gradient dz
// of the pre-activations of every step; x's and W's gradients are then
// one product each (dz·Wᵀ, xᵀ·dz), the bias's a column sum, and U's one
// product over all steps reading the states in place
// (seqKernelGradOp).
func (o simpleRNNSeqOp) Gradient(n, dy *Node) ([]*Node, error) {
	g := graphOf(n, dy)
	x, w, u := n.inputs[0], n.inputs[1], n.inputs[2]
	h0, hm, mask := o.optional(n.inputs)
	dS, _, first, last := seqStatesGradient(n, dy, o.steps, o.steps)
	grad := g.AddNode(simpleRNNSeqGradOp{steps: o.steps, initial: o.initial, recMask: o.recMask, masked: o.masked, first: first, last: last},
		"SimpleRNNSequenceGrad", append([]*Node{n, dS, u}, nonNil(h0, hm, mask)...)...)
	du := g.AddNode(seqKernelGradOp{op: "SimpleRNNSequence", steps: o.steps, gates: 1, hMult: 1, initial: o.initial, recMask: o.recMask}, "SimpleRNNSequenceKernelGrad",
		append([]*Node{n, grad}, nonNil(h0, hm)...)...)
	dz := grad
	if o.initial {
		// grad is (steps+1, batch, units): dz, then dh_0.
		dz = Reshape(Slice(grad, 0, 0, o.steps), -1, u.shape[0])
	}
	out := []*Node{MatMulT(dz, w, false, true), MatMulT(x, dz, true, false), du}
	if o.bias {
		out = append(out, Sum(dz, []int{0}, false))
	}
	if o.initial {
		out = append(out, Reshape(Slice(grad, 0, o.steps, o.steps+1), -1, u.shape[0]))
	}
	if o.recMask {
		out = append(out, nil) // the recurrent mask is not differentiated
	}
	if o.masked {
		out = append(out, nil) // nor is the mask of the steps
	}
	return out, nil
}

// simpleRNNSeqArgs are the buffers of a SimpleRNNSequence run or of its
// gradient, as flat row-major arrays.
type simpleRNNSeqArgs[T tensor.Float] struct {
	steps, batch, units, features int
	x, w, u, b, s0                []T // b nil without bias, s0 nil for a zero initial state
	hm                            []T // the recurrent dropout mask (batch, units), or nil
	mask                          []T // the mask of the steps (steps, batch), or nil
	y                             []T // the op's output
	dy, g                         []T // gradient only: the states' gradient, and the output
	first, last                   int // gradient only: the steps dy covers
	backward                      bool
}

// batchRows returns the batch size.
func (a *simpleRNNSeqArgs[T]) batchRows() int { return a.batch }

// runRows runs every time step, forward or backward, for rows [lo, hi).
func (a *simpleRNNSeqArgs[T]) runRows(lo, hi int) {
	if a.backward {
		a.backwardRows(lo, hi)
	} else {
		a.forwardRows(lo, hi)
	}
}

// simpleRNNSeqRun runs the forward loop (backward false: the inputs of
// SimpleRNNSequence) or the gradient's (backward true: see
// simpleRNNSeqGradOp) into out, each block of batch rows on one core.
func simpleRNNSeqRun[T tensor.Float](o any, out *tensor.Tensor, in []*tensor.Tensor, backward bool) {
	a := simpleRNNSeqArgs[T]{backward: backward}
	var rest []*tensor.Tensor
	var initial, recMask, masked bool
	if backward {
		g := o.(simpleRNNSeqGradOp)
		a.steps, initial, recMask, masked, a.first, a.last = g.steps, g.initial, g.recMask, g.masked, g.first, g.last
		a.y, a.dy, a.u, a.g = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
		a.batch, a.units = in[0].Shape()[1], in[0].Shape()[2]
		rest = in[3:]
	} else {
		f := o.(simpleRNNSeqOp)
		a.steps, initial, recMask, masked = f.steps, f.initial, f.recMask, f.masked
		a.x, a.w, a.u, a.y = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
		a.units, a.features = in[2].Shape()[0], in[0].Shape()[1]
		a.batch = in[0].Shape()[0] / a.steps
		rest = in[3:]
		if f.bias {
			a.b, rest = tensor.Data[T](rest[0]), rest[1:]
		}
	}
	if initial {
		a.s0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if recMask {
		a.hm, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if masked {
		a.mask = tensor.Data[T](rest[0])
	}
	runSeqBlocks[simpleRNNSeqArgs[T]](a)
}

// state returns h after step t (batch, units), or the initial state for
// t = -1 (nil when it is zero).
func (a *simpleRNNSeqArgs[T]) state(t int) []T {
	if t < 0 {
		return a.s0
	}
	n := a.batch * a.units
	return a.y[t*n : (t+1)*n]
}

// forwardRows runs every step for batch rows [lo, hi).
func (a *simpleRNNSeqArgs[T]) forwardRows(lo, hi int) {
	u, B, F, rows := a.units, a.batch, a.features, hi-lo
	var hm []T // the rows' masked h, with recurrent dropout
	if a.hm != nil {
		var sc *seqScratch[T]
		sc, hm = seqScratchOf[T](rows * u)
		defer seqScratches.Put(sc)
	}
	for t := 0; t < a.steps; t++ {
		h, prev := a.state(t)[lo*u:hi*u], a.state(t-1)
		beta := T(0)
		if a.b != nil {
			for r := 0; r < rows; r++ {
				copy(h[r*u:(r+1)*u], a.b)
			}
			beta = 1
		}
		kernels.GemmSerial(false, false, rows, u, F, 1, a.x[(t*B+lo)*F:], F, a.w, u, beta, h, u)
		switch {
		case prev != nil && hm != nil:
			maskRows(hm, prev[lo*u:], u, a.hm[lo*u:], rows, u)
			kernels.GemmSerial(false, false, rows, u, u, 1, hm, u, a.u, u, 1, h, u)
		case prev != nil:
			kernels.GemmSerial(false, false, rows, u, u, 1, prev[lo*u:], u, a.u, u, 1, h, u)
		}
		rnnTanh(h, h)
		if a.mask != nil { // a skipped step keeps h
			for r := 0; r < rows; r++ {
				if a.mask[t*B+lo+r] != 0 {
					continue
				}
				if prev == nil {
					clear(h[r*u : (r+1)*u])
				} else {
					copy(h[r*u:(r+1)*u], prev[(lo+r)*u:(lo+r+1)*u])
				}
			}
		}
	}
}

// skipRows copies the gradient dz of the rows of [lo, hi) that step k
// skipped into kept, and reports whether there were any.
func (a *simpleRNNSeqArgs[T]) skipRows(k, lo, hi int, dz, kept []T) bool {
	u, any := a.units, false
	for r := 0; r < hi-lo; r++ {
		if a.mask[k*a.batch+lo+r] == 0 {
			copy(kept[r*u:(r+1)*u], dz[r*u:(r+1)*u])
			any = true
		}
	}
	return any
}

// clearSkipped zeroes the rows of dz that step k skipped: their new h was
// not kept.
func (a *simpleRNNSeqArgs[T]) clearSkipped(k, lo, hi int, dz []T) {
	u := a.units
	for r := 0; r < hi-lo; r++ {
		if a.mask[k*a.batch+lo+r] == 0 {
			clear(dz[r*u : (r+1)*u])
		}
	}
}

// simpleRNNSeqGradOp is backpropagation through time for
// SimpleRNNSequence: from its output y and the gradient dy of y (inputs
// y, dy, U, then the initial state if the op had one), the gradient of
// the pre-activations z = x_t·W + h_{t-1}·U + b of every step,
// (steps·batch, units) time-major as x; with an initial state it is
// (steps+1, batch, units), its last matrix holding dh_0.
type simpleRNNSeqGradOp struct {
	steps                    int
	initial, recMask, masked bool
	first, last              int // dy holds the gradients of the states of steps [first, last); the others are zero
}

func (simpleRNNSeqGradOp) Type() string { return "SimpleRNNSequenceGrad" }

func (o simpleRNNSeqGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	n := seqArity(o.initial, o.recMask)
	if o.masked {
		n++
	}
	if err := checkArity(s, n); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	y := s[0]
	if len(y) != 3 || y[0] != o.steps || y[2] == Unknown || !sameStatic(s[1], tensor.Shape{o.last - o.first, y[1], y[2]}) {
		return 0, nil, fmt.Errorf("needs SimpleRNNSequence's output (%d, batch, units) and its gradient, got %s", o.steps, formatShapes(s))
	}
	if o.initial {
		return dt, tensor.Shape{o.steps + 1, y[1], y[2]}, nil
	}
	rows := Unknown
	if y[1] != Unknown {
		rows = o.steps * y[1]
	}
	return dt, tensor.Shape{rows, y[2]}, nil
}

func (o simpleRNNSeqGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		simpleRNNSeqRun[float32](o, out, in, true)
	case tensor.Float64:
		simpleRNNSeqRun[float64](o, out, in, true)
	}
}

// Gradient: second derivatives of SimpleRNNSequence are not implemented.
func (simpleRNNSeqGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of SimpleRNNSequence are not implemented", ErrNoGradient)
}

// backwardRows runs every step backwards for batch rows [lo, hi):
// dz_t = (dy_t + dh_t)·(1 − h_t²), dh_{t-1} = dz_t·Uᵀ. The gradient of
// h_t carried from step t+1 goes through the next step's dz rows, which
// it then overwrites: dz_{t} is written where dh_t was accumulated.
func (a *simpleRNNSeqArgs[T]) backwardRows(lo, hi int) {
	u, B, rows := a.units, a.batch, hi-lo
	n := B * u
	var kept []T // with a mask: the gradient of the skipped rows' kept h
	if a.mask != nil {
		var sc *seqScratch[T]
		sc, kept = seqScratchOf[T](rows * u)
		defer seqScratches.Put(sc)
	}
	for k := a.steps - 1; k >= 0; k-- {
		dz := a.g[k*n+lo*u : k*n+hi*u]
		var dy []T
		if k >= a.first && k < a.last {
			dy = a.dy[(k-a.first)*n+lo*u : (k-a.first)*n+hi*u]
		}
		switch {
		case k == a.steps-1 && dy == nil:
			clear(dz)
		case k == a.steps-1:
			copy(dz, dy)
		case dy != nil:
			kernels.Rows(kernels.OpAdd, dz, dz, dy, 1, len(dz), 0, 0)
		}
		skipped := a.mask != nil && a.skipRows(k, lo, hi, dz, kept)
		kernels.TanhGrad(dz, a.state(k)[lo*u:hi*u], dz)
		if skipped {
			a.clearSkipped(k, lo, hi, dz)
		}
		dst := k - 1 // dh_{k-1} goes into the rows of dz_{k-1}
		if k == 0 {
			if a.s0 == nil {
				break // the zero initial state needs no gradient
			}
			dst = a.steps // dh_0, in the last matrix
		}
		dh := a.g[dst*n+lo*u : dst*n+hi*u]
		kernels.GemmSerial(false, true, rows, u, u, 1, dz, u, a.u, u, 0, dh, u)
		if a.hm != nil { // h entered the product masked
			rnnMul(dh, dh, a.hm[lo*u:hi*u])
		}
		if skipped { // a skipped step passed h on unchanged
			for r := 0; r < rows; r++ {
				if a.mask[k*B+lo+r] == 0 {
					kernels.Rows(kernels.OpAdd, dh[r*u:(r+1)*u], dh[r*u:(r+1)*u], kept[r*u:(r+1)*u], 1, u, 0, 0)
				}
			}
		}
	}
}
