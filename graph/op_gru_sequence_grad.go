package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// gruSeqGradOp is backpropagation through time for GRUSequence: from the
// op's output y and the gradient dS of its states (last−first, batch,
// units) (inputs y, dS, U, then the initial state, the recurrent mask
// and the mask of the steps if the op had them, then, with dRest, the gradient of the rest of
// y, (4·steps, batch, units)), it computes G, of shape (steps, batch,
// k·units): row (t, b) is [dz | dr | dhh | drec_h] (k = 4, resetAfter)
// or [dz | dr | dhh] (k = 3), the gradient of the pre-activations of step
// t's gates on x's side (x_t·W + input bias, the first three) and, with
// resetAfter, of rec_h (the recurrent side's z and r are x's). With an initial state G
// has one more matrix, whose rows hold [dh_0 | 0 …].
//
// Each core takes one block of batch rows and runs every step backwards
// for them: the gates' derivatives in one pass per row (gruSeqGradAfter,
// or gruSeqGradBeforeZH and gruSeqGradBeforeR around the product
// dhh·U_hᵀ), then the previous state's gradient dh·z (+ d(r·h)·r) plus
// the recurrent products, serial GEMMs of its rows. With a recurrent mask
// the gradient that reaches h through the products (those and d(r·h)·r)
// is multiplied by the mask, and dh·z, the mix's, is not. With a mask of
// the steps, a skipped step's rows compute G from a zero dh (so G is zero
// there unless y's rest has a gradient), and their dh passes to the
// previous state whole, added to what the recurrent products give.
type gruSeqGradOp struct {
	steps                                       int
	resetAfter, initial, recMask, masked, dRest bool
	first, last                                 int // dS holds the gradients of the states of steps [first, last); the others are zero
}

func (gruSeqGradOp) Type() string { return "GRUSequenceGrad" }

// width is k, the width of G's rows in units.
func (o gruSeqGradOp) width() int {
	if o.resetAfter {
		return 4
	}
	return 3
}

func (o gruSeqGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	want := 3
	for _, has := range []bool{o.initial, o.recMask, o.masked, o.dRest} {
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
	if len(y) != 3 || y[0] != 5*o.steps || y[2] == Unknown {
		return 0, nil, fmt.Errorf("needs GRUSequence's output (%d, batch, units), got %s", 5*o.steps, formatShape(y))
	}
	if !sameStatic(s[1], tensor.Shape{o.last - o.first, y[1], y[2]}) {
		return 0, nil, fmt.Errorf("the states' gradient must have shape (%d, batch, %d), got %s", o.last-o.first, y[2], formatShape(s[1]))
	}
	if o.dRest && !sameStatic(s[len(s)-1], tensor.Shape{4 * o.steps, y[1], y[2]}) {
		return 0, nil, fmt.Errorf("the gradient of the gates must have shape (%d, batch, %d), got %s", 4*o.steps, y[2], formatShape(s[len(s)-1]))
	}
	n := o.steps
	if o.initial {
		n++
	}
	return dt, tensor.Shape{n, y[1], o.width() * y[2]}, nil
}

func (o gruSeqGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		gruSeqRun[float32](o, out, in, true)
	case tensor.Float64:
		gruSeqRun[float64](o, out, in, true)
	}
}

// Gradient: second derivatives of the GRU are not implemented.
func (gruSeqGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of GRUSequence are not implemented", ErrNoGradient)
}

// fillGrad sets the arguments of a gradient run from its output and
// inputs (see gruSeqGradOp).
func (a *gruSeqArgs[T]) fillGrad(o gruSeqGradOp, out *tensor.Tensor, in []*tensor.Tensor) {
	a.steps, a.first, a.last, a.resetAfter = o.steps, o.first, o.last, o.resetAfter
	a.y, a.dS, a.u, a.g = tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2]), tensor.Data[T](out)
	a.units = in[2].Shape()[0]
	a.batch = in[0].Shape()[1]
	rest := in[3:]
	if o.initial {
		a.h0, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.recMask {
		a.hm, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if o.masked {
		a.mask, rest = tensor.Data[T](rest[0]), rest[1:]
	}
	if len(rest) > 0 {
		a.dRest = tensor.Data[T](rest[0])
	}
}

// backwardRows runs every step backwards for batch rows [lo, hi).
func (a *gruSeqArgs[T]) backwardRows(lo, hi int) {
	u, B, rows := a.units, a.batch, hi-lo
	k := 3
	if a.resetAfter {
		k = 4
	}
	bufs := 5
	if a.mask != nil {
		bufs = 6
	}
	sc, buf := seqScratchOf[T](rows * bufs * u)
	dh, carry, zeros, drh, hr := buf[:rows*u], buf[rows*u:2*rows*u], buf[2*rows*u:3*rows*u], buf[3*rows*u:4*rows*u], buf[4*rows*u:5*rows*u]
	kept := buf[5*rows*u:] // with a mask of the steps: the dh of the skipped rows

	var hm []T // the rows' recurrent mask, or nil
	if a.hm != nil {
		hm = a.hm[lo*u : hi*u]
	}
	clear(zeros)
	clear(carry)
	n := B * u
	for t := a.steps - 1; t >= 0; t-- {
		gt, rec := a.gates(t)[lo*3*u:hi*3*u], a.rec(t)[lo*u:hi*u]
		hp, zeroPrev := zeros, true
		if p := a.state(t - 1); p != nil {
			hp, zeroPrev = p[lo*u:hi*u], false
		}
		if t >= a.first && t < a.last {
			ds := a.dS[(t-a.first)*n:]
			kernels.Rows(kernels.OpAdd, dh, ds[lo*u:hi*u], carry, 1, len(dh), 0, 0)
		} else {
			copy(dh, carry)
		}
		if a.mask != nil {
			a.holdMasked(t, lo, hi, dh, kept)
		}
		var da, drest []T // the gradients of the gates and of rec(t), if y's rest has one
		if a.dRest != nil {
			da = a.dRest[t*3*n+lo*3*u : t*3*n+hi*3*u]
			drest = a.dRest[3*a.steps*n+t*n+lo*u : 3*a.steps*n+t*n+hi*u]
		}
		g := a.g[t*k*n+lo*k*u : t*k*n+hi*k*u]
		if a.resetAfter {
			for r := 0; r < rows; r++ {
				gruSeqGradAfter(g[r*4*u:(r+1)*4*u], gt[r*3*u:(r+1)*3*u], rec[r*u:(r+1)*u],
					hp[r*u:(r+1)*u], dh[r*u:(r+1)*u], rowOf(da, r, 3*u), rowOf(drest, r, u), u)
			}
			if t == 0 && a.h0 == nil {
				break // the zero initial state needs no gradient
			}
			beta := T(0) // with a mask, the mix's dh·z is added after it
			if hm == nil {
				kernels.Rows(kernels.OpMul, carry, dh, gt, rows, u, u, 3*u)
				beta = 1
			}
			kernels.GemmSerial(false, true, rows, u, 2*u, 1, g, 4*u, a.u, 3*u, beta, carry, u)
			kernels.GemmSerial(false, true, rows, u, u, 1, g[3*u:], 4*u, a.u[2*u:], 3*u, 1, carry, u)
			if hm != nil {
				gruSeqMaskCarry(carry, dh, gt, hm, drh, rows, u)
			}
			if a.mask != nil {
				a.passMasked(t, lo, hi, carry, kept)
			}
			continue
		}
		for r := 0; r < rows; r++ {
			gruSeqGradBeforeZH(g[r*3*u:(r+1)*3*u], gt[r*3*u:(r+1)*3*u], hp[r*u:(r+1)*u], dh[r*u:(r+1)*u], rowOf(da, r, 3*u), u)
		}
		// r·h read h masked, and the mix's dh·z is added after the mask.
		hrp, dhMix := hp, dh
		if hm != nil {
			dhMix = nil
			if !zeroPrev {
				hrp = hr
				rnnMul(hrp, hp, hm)
			}
		}
		// d(r·h) = dhh·U_hᵀ (+ its own gradient); with a zero previous
		// state r·h is zero whatever r, so r's gradient is da_r alone.
		if zeroPrev {
			clear(drh)
		} else {
			kernels.GemmSerial(false, true, rows, u, u, 1, g[2*u:], 3*u, a.u[2*u:], 3*u, 0, drh, u)
		}
		if drest != nil {
			kernels.Rows(kernels.OpAdd, drh, drh, drest, 1, len(drh), 0, 0)
		}
		for r := 0; r < rows; r++ {
			gruSeqGradBeforeR(g[r*3*u:(r+1)*3*u], carry[r*u:(r+1)*u], gt[r*3*u:(r+1)*3*u],
				hrp[r*u:(r+1)*u], rowOf(dhMix, r, u), drh[r*u:(r+1)*u], rowOf(da, r, 3*u), u)
		}
		if zeroPrev {
			break // the zero initial state needs no gradient
		}
		kernels.GemmSerial(false, true, rows, u, 2*u, 1, g, 3*u, a.u, 3*u, 1, carry, u)
		if hm != nil {
			gruSeqMaskCarry(carry, dh, gt, hm, drh, rows, u)
		}
		if a.mask != nil {
			a.passMasked(t, lo, hi, carry, kept)
		}
	}
	if a.h0 != nil {
		last := a.g[a.steps*k*n+lo*k*u : a.steps*k*n+hi*k*u]
		for r := 0; r < rows; r++ {
			copy(last[r*k*u:r*k*u+u], carry[r*u:(r+1)*u])
			clear(last[r*k*u+u : (r+1)*k*u])
		}
	}
	seqScratches.Put(sc)
}

// holdMasked moves the state's gradient dh of the rows in [lo, hi) that
// step t skipped into kept, leaving zeros in dh: the step's new state
// was not kept, so its gates get no share of it.
func (a *gruSeqArgs[T]) holdMasked(t, lo, hi int, dh, kept []T) {
	u := a.units
	for r := 0; r < hi-lo; r++ {
		if a.mask[t*a.batch+lo+r] == 0 {
			copy(kept[r*u:(r+1)*u], dh[r*u:(r+1)*u])
			clear(dh[r*u : (r+1)*u])
		}
	}
}

// passMasked adds to carry, the previous state's gradient, the dh that
// holdMasked kept for the rows in [lo, hi) that step t skipped: a
// skipped step passed its state on unchanged.
func (a *gruSeqArgs[T]) passMasked(t, lo, hi int, carry, kept []T) {
	u := a.units
	for r := 0; r < hi-lo; r++ {
		if a.mask[t*a.batch+lo+r] == 0 {
			kernels.Rows(kernels.OpAdd, carry[r*u:(r+1)*u], carry[r*u:(r+1)*u], kept[r*u:(r+1)*u], 1, u, 0, 0)
		}
	}
}

// gruSeqMaskCarry sets carry, the gradient of the masked h that the
// recurrent products read (rows, units), to that of h: carry·mask plus
// the mix's dh·z, using tmp (rows, units) as scratch.
func gruSeqMaskCarry[T tensor.Float](carry, dh, gt, mask, tmp []T, rows, u int) {
	rnnMul(carry, carry, mask)
	kernels.Rows(kernels.OpMul, tmp, dh, gt, rows, u, u, 3*u)
	kernels.Rows(kernels.OpAdd, carry, carry, tmp, 1, rows*u, 0, 0)
}

// rowOf returns row r of width w of m, or nil if m is nil.
func rowOf[T tensor.Float](m []T, r, w int) []T {
	if m == nil {
		return nil
	}
	return m[r*w : (r+1)*w]
}

// gruSeqGradAfter computes one row of G, [dz | dr | dhh | drec_h], for
// reset_after=True from the gates gt = [z | r | hh], rec_h, h_prev, the
// state's gradient dh and, if not nil, the gates' own gradient da and
// rec_h's drec, in blocks of rnnBlock units, as gruMixGradBlock,
// gruGatesGradXBlock and gruGatesGradRecBlock would in turn:
//
//	dz = dh·(h_prev − hh)·z(1−z), dhh = dh·(1−z)·(1−hh²)
//	dr = dhh·rec_h·r(1−r), drec_h = dhh·r
func gruSeqGradAfter[T tensor.Float](g, gt, rech, hp, dh, da, drec []T, u int) {
	for j0 := 0; j0 < u; j0 += rnnBlock {
		j1 := min(j0+rnnBlock, u)
		n := j1 - j0
		var t [rnnBlock]T
		z, rg, hh := gt[j0:j1], gt[u+j0:u+j1], gt[2*u+j0:2*u+j1]
		gruSeqMixGrad(g[j0:j1], t[:n], z, hh, hp[j0:j1], dh[j0:j1], da, j0, j1)
		gruSeqAddTo(t[:n], da, 2*u+j0, 2*u+j1)
		dhh := g[2*u+j0 : 2*u+j1]
		kernels.TanhGrad(dhh, hh, t[:n])
		rnnMul(t[:n], dhh, rech[j0:j1])
		gruSeqAddTo(t[:n], da, u+j0, u+j1)
		kernels.SigmoidGrad(g[u+j0:u+j1], rg, t[:n])
		dr := g[3*u+j0 : 3*u+j1]
		rnnMul(dr, dhh, rg)
		gruSeqAddTo(dr, drec, j0, j1)
	}
}

// gruSeqGradBeforeZH computes the z and hh thirds of one row of G for
// reset_after=False from the gates gt = [z | r | hh], h_prev, dh and, if
// not nil, the gates' own gradient da:
//
//	dz = dh·(h_prev − hh)·z(1−z), dhh = dh·(1−z)·(1−hh²)
func gruSeqGradBeforeZH[T tensor.Float](g, gt, hp, dh, da []T, u int) {
	for j0 := 0; j0 < u; j0 += rnnBlock {
		j1 := min(j0+rnnBlock, u)
		n := j1 - j0
		var t [rnnBlock]T
		z, hh := gt[j0:j1], gt[2*u+j0:2*u+j1]
		gruSeqMixGrad(g[j0:j1], t[:n], z, hh, hp[j0:j1], dh[j0:j1], da, j0, j1)
		gruSeqAddTo(t[:n], da, 2*u+j0, 2*u+j1)
		kernels.TanhGrad(g[2*u+j0:2*u+j1], hh, t[:n])
	}
}

// gruSeqGradBeforeR computes the r third of one row of G for
// reset_after=False and the previous state's gradient apart from the
// product with U_zr, from the gates gt, h_prev (the h that r·h read,
// masked with recurrent dropout), dh (nil: leave out the mix's dh·z),
// drh = d(r·h) and, if not nil, the gates' own gradient da:
//
//	dr = drh·h_prev·r(1−r), carry = dh·z + drh·r
func gruSeqGradBeforeR[T tensor.Float](g, carry, gt, hp, dh, drh, da []T, u int) {
	for j0 := 0; j0 < u; j0 += rnnBlock {
		j1 := min(j0+rnnBlock, u)
		n := j1 - j0
		var t [rnnBlock]T
		z, rg := gt[j0:j1], gt[u+j0:u+j1]
		rnnMul(t[:n], drh[j0:j1], hp[j0:j1])
		gruSeqAddTo(t[:n], da, u+j0, u+j1)
		kernels.SigmoidGrad(g[u+j0:u+j1], rg, t[:n])
		c := carry[j0:j1]
		if dh == nil {
			rnnMul(c, drh[j0:j1], rg)
			continue
		}
		rnnMul(c, dh[j0:j1], z)
		rnnMul(t[:n], drh[j0:j1], rg)
		kernels.Rows(kernels.OpAdd, c, c, t[:n], 1, n, 0, 0)
	}
}

// gruSeqMixGrad sets dz = SigmoidGrad(z, dh·(h_prev − hh) + da_z) for
// units [j0, j1) (da nil: no da_z), and leaves dh·(1 − z), the gradient
// of hh from the mix, in t: the products of gruMixGradBlock with the
// vector kernels.
func gruSeqMixGrad[T tensor.Float](dz, t, z, hh, hp, dh, da []T, j0, j1 int) {
	n := len(t)
	kernels.Rows(kernels.OpSub, t, hp, hh, 1, n, 0, 0)
	rnnMul(t, dh, t)
	gruSeqAddTo(t, da, j0, j1)
	kernels.SigmoidGrad(dz, z, t)
	kernels.ScalarVec(kernels.OpSub, t, 1, z)
	rnnMul(t, dh, t)
}

// gruSeqAddTo adds v[j0:j1] to d, if v is not nil.
func gruSeqAddTo[T tensor.Float](d, v []T, j0, j1 int) {
	if v != nil {
		kernels.Rows(kernels.OpAdd, d, d, v[j0:j1], 1, len(d), 0, 0)
	}
}

// gruSeqWrt names the input whose gradient a gruSeqProductOp computes.
type gruSeqWrt uint8

const (
	gruSeqWrtX gruSeqWrt = iota // inputs G, W: dx = G_x·Wᵀ
	gruSeqWrtW                  // inputs x, G: dW = xᵀ·G_x
	gruSeqWrtU                  // inputs y, G (, h_0) (, mask): dU
)

// gruSeqProductOp is one of the products of GRUSequence's gradient over
// all the steps at once, reading G (gruSeqGradOp's output) in place: its
// x side G_x (the first three thirds of each row, steps·batch rows of
// stride k·units) gives
//
//	dx = G_x·Wᵀ, dW = xᵀ·G_x
//
// and U's gradient is Σ_t h_{t-1}ᵀ·drec_t, with drec_t = [dz | dr | drec_h]
// (resetAfter) or, without, [dz | dr] for U_zr and Σ_t (r·h_{t-1})ᵀ·dhh
// for U_h: the states and r·h are time-major in y, so each term is one
// product of depth steps·batch (steps−1 for h_{t-1}, plus h_0's if
// there is one) reading y in place. With recurrent dropout the products
// read masked copies of the states instead (r·h in y is masked already).
type gruSeqProductOp struct {
	wrt              gruSeqWrt
	steps            int
	resetAfter       bool // G has rows [dz | dr | dhh | drec_h], not [dz | dr | dhh]
	initial, recMask bool // dU only: the op had an initial state, a recurrent mask
}

func (o gruSeqProductOp) Type() string {
	return [...]string{"GRUSequenceGradX", "GRUSequenceGradW", "GRUSequenceGradU"}[o.wrt]
}

func (o gruSeqProductOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, seqArity(o.initial, o.recMask)-1); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	g := s[1]
	if o.wrt == gruSeqWrtX {
		g = s[0]
	}
	k := o.width()
	if len(g) != 3 || g[0] < o.steps || g[2] == Unknown || g[2]%k != 0 {
		return 0, nil, fmt.Errorf("needs GRUSequenceGrad's output (%d, batch, %d·units), got %s", o.steps, k, formatShape(g))
	}
	units := g[2] / k
	switch o.wrt {
	case gruSeqWrtX:
		w := s[1]
		if len(w) != 2 || w[1] != 3*units {
			return 0, nil, fmt.Errorf("W must have shape (features, %d), got %s", 3*units, formatShape(w))
		}
		rows := Unknown
		if g[1] != Unknown {
			rows = o.steps * g[1]
		}
		return dt, tensor.Shape{rows, w[0]}, nil
	case gruSeqWrtW:
		if x := s[0]; len(x) != 2 || (x[0] != Unknown && g[1] != Unknown && x[0] != o.steps*g[1]) {
			return 0, nil, fmt.Errorf("x must have shape (%d·batch, features), got %s", o.steps, formatShape(x))
		}
		return dt, tensor.Shape{s[0][1], 3 * units}, nil
	default:
		if y := s[0]; len(y) != 3 || y[0] != 5*o.steps || y[2] != units {
			return 0, nil, fmt.Errorf("needs GRUSequence's output (%d, batch, %d), got %s", 5*o.steps, units, formatShape(y))
		}
		return dt, tensor.Shape{units, 3 * units}, nil
	}
}

// width is k, the width of G's rows in units.
func (o gruSeqProductOp) width() int { return gruSeqGradOp{resetAfter: o.resetAfter}.width() }

func (o gruSeqProductOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		gruSeqProduct[float32](o, out, in)
	case tensor.Float64:
		gruSeqProduct[float64](o, out, in)
	}
}

// gruSeqProduct computes the product o for dtype T.
func gruSeqProduct[T tensor.Float](o gruSeqProductOp, out *tensor.Tensor, in []*tensor.Tensor) {
	k, T1 := o.width(), o.steps
	switch o.wrt {
	case gruSeqWrtX:
		g, w, dx := tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](out)
		F, u := in[1].Shape()[0], in[1].Shape()[1]/3
		kernels.Gemm(false, true, out.Shape()[0], F, 3*u, 1, g, k*u, w, 3*u, 0, dx, F)
	case gruSeqWrtW:
		x, g, dw := tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](out)
		F, u := out.Shape()[0], out.Shape()[1]/3
		kernels.Gemm(true, false, F, 3*u, in[0].Shape()[0], 1, x, F, g, k*u, 0, dw, 3*u)
	default:
		y, g, h0, hm, B := seqKernelGradInputs[T](in, o.initial, o.recMask)
		gruSeqKernelGrad(o.resetAfter, T1, B, out.Shape()[0], y, g, h0, hm, tensor.Data[T](out))
	}
}

// gruSeqKernelGrad computes dU (u, 3·u) from y, G, h_0 (nil: zeros) and
// the recurrent mask hm (nil: none) for steps steps of batch B (see
// gruSeqProductOp).
func gruSeqKernelGrad[T tensor.Float](resetAfter bool, steps, B, u int, y, g, h0, hm, du []T) {
	k := 3
	if resetAfter {
		k = 4
	}
	hs := y // the states h_0 … h_{T-2} that the products read
	if hm != nil {
		sc, buf := seqScratchOf[T](steps * B * u)
		defer seqScratches.Put(sc)
		for t := 0; t < steps-1; t++ {
			maskRows(buf[t*B*u:], y[t*B*u:], u, hm, B, u)
		}
		hs = buf
		if h0 != nil {
			m0 := buf[(steps-1)*B*u:]
			maskRows(m0, h0, u, hm, B, u)
			h0 = m0
		}
	}
	// [dz | dr] and, with resetAfter, drec_h: Σ_t h_{t-1}ᵀ·(G's columns).
	type part struct{ gcol, ucol, n int }
	parts := [2]part{{0, 0, 2 * u}, {3 * u, 2 * u, u}}
	np := 1
	if resetAfter {
		np = 2
	}
	for _, p := range parts[:np] {
		beta := T(0)
		if steps > 1 {
			kernels.Gemm(true, false, u, p.n, (steps-1)*B, 1, hs, u, g[B*k*u+p.gcol:], k*u, 0, du[p.ucol:], 3*u)
			beta = 1
		}
		if h0 != nil {
			kernels.Gemm(true, false, u, p.n, B, 1, h0, u, g[p.gcol:], k*u, beta, du[p.ucol:], 3*u)
		} else if beta == 0 {
			for r := 0; r < u; r++ {
				clear(du[r*3*u+p.ucol : r*3*u+p.ucol+p.n])
			}
		}
	}
	if !resetAfter {
		// U_h: Σ_t (r·h_{t-1})ᵀ·dhh, r·h stored in y (zeros at t = 0 without h_0).
		rh := y[4*steps*B*u:]
		kernels.Gemm(true, false, u, u, steps*B, 1, rh, u, g[2*u:], 3*u, 0, du[2*u:], 3*u)
	}
}

// Gradient: second derivatives of the GRU are not implemented.
func (gruSeqProductOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of GRUSequence are not implemented", ErrNoGradient)
}
