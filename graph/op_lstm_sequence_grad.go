package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// lstmSeqGradOp is backpropagation through time for LSTMSequence: from
// the op's output y and the gradient dS of its states (steps, batch,
// 2·units) (inputs y, dS, U, then the initial state if the op had one,
// then, with dGates, the gradient of the gates' part of y, (2·steps,
// batch, 2·units)), it computes the gradient of the gates'
// pre-activations z at every step, which is also the gradient of xp.
// The output is that gradient, (steps·batch, 4·units) time-major as xp;
// with an initial state it is (steps+1, batch, 4·units) instead, its last
// matrix holding [dh_0 | dc_0 | 0].
//
// Each core takes one block of batch rows and runs every step backwards
// for them: the fused cell gradient (lstmGradZBlock: the gates' and the
// activations' derivatives in one pass), the cell state's share of the
// previous state's gradient (lstmGradStateBlock) and the h share, dz·Uᵀ,
// a serial GEMM of its rows.
type lstmSeqGradOp struct {
	steps                            int
	initial, recMask, masked, dGates bool
	first, last                      int // dS holds the gradients of the states of steps [first, last); the others are zero
}

func (lstmSeqGradOp) Type() string { return "LSTMSequenceGrad" }

func (o lstmSeqGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	want := 3
	for _, has := range []bool{o.initial, o.recMask, o.masked, o.dGates} {
		if has {
			want++
		}
	}
	if err := checkArity(s, want); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	y := s[0]
	if len(y) != 3 || y[0] != 3*o.steps || y[2] == Unknown || y[2]%2 != 0 {
		return 0, nil, fmt.Errorf("needs LSTMSequence's output (%d, batch, 2·units), got %s", 3*o.steps, formatShape(y))
	}
	if !sameStatic(s[1], tensor.Shape{o.last - o.first, y[1], y[2]}) {
		return 0, nil, fmt.Errorf("the states' gradient must have shape (%d, batch, %d), got %s", o.last-o.first, y[2], formatShape(s[1]))
	}
	units := y[2] / 2
	if o.initial {
		return dt, tensor.Shape{o.steps + 1, y[1], 4 * units}, nil
	}
	rows := Unknown
	if y[1] != Unknown {
		rows = o.steps * y[1]
	}
	return dt, tensor.Shape{rows, 4 * units}, nil
}

func (o lstmSeqGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		lstmSeqRun[float32](o, out, in, true)
	case tensor.Float64:
		lstmSeqRun[float64](o, out, in, true)
	}
}

// Gradient: second derivatives of the LSTM are not implemented.
func (lstmSeqGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of LSTMSequence are not implemented", ErrNoGradient)
}

// fillGrad sets the arguments of a gradient run from its output and
// inputs (see lstmSeqGradOp).
func (a *lstmSeqArgs[T]) fillGrad(o lstmSeqGradOp, out *tensor.Tensor, in []*tensor.Tensor) {
	a.steps, a.first, a.last = o.steps, o.first, o.last
	a.y, a.dS, a.u, a.g = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
	a.units = in[2].Shape()[0]
	a.batch = in[0].Shape()[1]
	rest := in[3:]
	if o.initial {
		a.s0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.recMask {
		a.hm, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.masked {
		a.mask, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if len(rest) > 0 {
		a.dGates = tensor.Data[T](rest[0])
	}
}

// backwardRows runs every step backwards for batch rows [lo, hi). The
// block functions see the rows' slices of every matrix, so their row r
// is batch row lo+r.
func (a *lstmSeqArgs[T]) backwardRows(lo, hi int) {
	u, B, rows := a.units, a.batch, hi-lo
	sc, buf := seqScratchOf[T](rows * 10 * u)
	dState, carry, zeros, tmp := buf[:rows*2*u], buf[rows*2*u:rows*4*u], buf[rows*4*u:rows*6*u], buf[rows*6*u:]
	clear(zeros)
	clear(carry)
	sn, gn := B*2*u, B*4*u
	for k := a.steps - 1; k >= 0; k-- {
		gk := a.gates(k)[lo*4*u:]
		sk := a.state(k)[lo*2*u:]
		prev := zeros
		if p := a.state(k - 1); p != nil {
			prev = p[lo*2*u:]
		}
		if k >= a.first && k < a.last {
			ds := a.dS[(k-a.first)*sn:]
			kernels.Rows(kernels.OpAdd, dState, ds[lo*2*u:hi*2*u], carry, 1, len(dState), 0, 0)
		} else {
			copy(dState, carry)
		}
		dz := a.g[k*gn+lo*4*u : k*gn+hi*4*u]
		c := rnnArgs[T]{out: dz, units: u}
		c.in[0], c.in[1], c.in[2], c.in[3], c.in[4] = gk, prev, sk, dState, carry
		if k == 0 && a.s0 == nil {
			a.blocks(&c, 0, rows, lstmGradZBlock[T])
		} else {
			a.blocks(&c, 0, rows, lstmGradZCarryBlock[T])
		}
		if a.mask != nil { // a skipped step's new state was not kept
			for r := 0; r < rows; r++ {
				if a.mask[k*B+lo+r] == 0 {
					clear(dz[r*4*u : (r+1)*4*u])
				}
			}
		}
		if a.dGates != nil {
			// The gates' own gradient goes through the activations' derivatives too.
			d := rnnArgs[T]{out: tmp[:rows*4*u], units: u}
			d.in[0], d.in[1] = gk, a.dGates[k*gn+lo*4*u:]
			a.blocks(&d, 0, rows, lstmGatesGradBlock[T])
			kernels.Rows(kernels.OpAdd, dz, dz, tmp[:rows*4*u], 1, len(dz), 0, 0)
		}
		if k == 0 && a.s0 == nil {
			break // the zero initial state needs no gradient
		}
		kernels.GemmSerial(false, true, rows, u, 4*u, 1, dz, 4*u, a.u, 4*u, 0, carry, 2*u)
		if a.hm != nil { // h entered the product masked
			for r := 0; r < rows; r++ {
				dh := carry[r*2*u : r*2*u+u]
				rnnMul(dh, dh, a.hm[(lo+r)*u:(lo+r+1)*u])
			}
		}
		if a.mask != nil { // a skipped step passed its state on unchanged
			for r := 0; r < rows; r++ {
				if a.mask[k*B+lo+r] == 0 {
					row, ds := carry[r*2*u:(r+1)*2*u], dState[r*2*u:(r+1)*2*u]
					kernels.Rows(kernels.OpAdd, row[:u], row[:u], ds[:u], 1, u, 0, 0)
					copy(row[u:], ds[u:])
				}
			}
		}
	}
	if a.s0 != nil {
		last := a.g[a.steps*gn+lo*4*u : a.steps*gn+hi*4*u]
		for r := 0; r < rows; r++ {
			copy(last[r*4*u:r*4*u+2*u], carry[r*2*u:(r+1)*2*u])
			clear(last[r*4*u+2*u : (r+1)*4*u])
		}
	}
	seqScratches.Put(sc)
}

// lstmGradZCarryBlock is lstmGradZBlock that also writes the c half of
// the previous state's gradient, δc·f (as lstmGradStateBlock computes
// it), into row r of in[4], a packed (rows, 2·units) matrix whose h half
// it leaves alone: one pass instead of two, tanh(c) and δc evaluated once.
func lstmGradZCarryBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	lstmGradZRow(a, r, j0, j1, true)
}
