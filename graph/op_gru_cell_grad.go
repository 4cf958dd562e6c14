package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// gruGradPart selects which gradient a gruCellGradOp computes. x is always
// the first input, (batch, 3·units) in gate order z, r, h.
type gruGradPart uint8

const (
	// gruGradAfterX: inputs x, rec, h_prev, dh of GRUCell; output dx.
	gruGradAfterX gruGradPart = iota
	// gruGradAfterRec: inputs x, rec, dx of GRUCell; output drec.
	gruGradAfterRec
	// gruGradBeforeX: inputs x, recZR, recH, h_prev, dh of
	// GRUCellResetBefore; output dx.
	gruGradBeforeX
	// gruGradResetX: inputs x, recZR, h_prev, dy of GRUResetHidden; output
	// dx.
	gruGradResetX
	// gruGradGate: inputs x, rec (recMult·units columns), dy; output
	// dy·σ(x_g + rec_g) for gate g (the gradient of h_prev).
	gruGradGate
	// gruGradCols: input dx; output its column thirds lo..lo+n.
	gruGradCols
)

// gruCellGradOp is a fused gradient of GRUCell, GRUCellResetBefore or
// GRUResetHidden (see their Gradient methods). Like the LSTM's, each part
// recomputes the gates it needs from its inputs rather than keeping them
// from the forward pass, so every node keeps one output.
type gruCellGradOp struct {
	part          gruGradPart
	gate, recMult int // gruGradGate
	lo, n         int // gruGradCols
}

func (o gruCellGradOp) Type() string {
	return [...]string{"GRUCellGradX", "GRUCellGradRec", "GRUCellResetBeforeGradX", "GRUResetHiddenGradX",
		"GRUGateGrad", "GRUGradColumns"}[o.part]
}

func (o gruCellGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	switch o.part {
	case gruGradAfterX:
		return rnnInfer(d, s, []int{3, 3, 1, 1}, 3)
	case gruGradAfterRec:
		return rnnInfer(d, s, []int{3, 3, 3}, 3)
	case gruGradBeforeX:
		return rnnInfer(d, s, []int{3, 2, 1, 1, 1}, 3)
	case gruGradResetX:
		return rnnInfer(d, s, []int{3, 2, 1, 1}, 3)
	case gruGradGate:
		return rnnInfer(d, s, []int{3, o.recMult, 1}, 1)
	default:
		return rnnInfer(d, s, []int{3}, o.n)
	}
}

func (o gruCellGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	units := in[0].Shape()[1] / 3
	switch o.part {
	case gruGradAfterX:
		rnnCompute(out, in, units, gruAfterGradXBlock[float32], gruAfterGradXBlock[float64])
	case gruGradAfterRec:
		rnnCompute(out, in, units, gruAfterGradRecBlock[float32], gruAfterGradRecBlock[float64])
	case gruGradBeforeX:
		rnnCompute(out, in, units, gruBeforeGradXBlock[float32], gruBeforeGradXBlock[float64])
	case gruGradResetX:
		rnnCompute(out, in, units, gruResetGradXBlock[float32], gruResetGradXBlock[float64])
	case gruGradGate:
		gruGateScale(out, in, units, o.gate, o.recMult)
	default:
		gruColumns(out, in[0], units, o.lo, o.n)
	}
}

// Gradient: second derivatives of the GRU cell ops are not implemented.
func (o gruCellGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of the GRU cell ops are not implemented", ErrNoGradient)
}

// gruAfterGradXBlock computes units [j0, j1) of row r of dx for GRUCell
// from x (in[0]), rec (in[1]), h_prev (in[2]) and dh (in[3]).
func gruAfterGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rec, dx := a.in[0][3*u*r:], a.in[1][3*u*r:], a.out[3*u*r:]
	hp, dh := a.in[2][u*r+j0:u*r+j1], a.in[3][u*r+j0:u*r+j1]
	var z, rg, hh [rnnBlock]T
	gruPreact(z[:n], x[j0:j1], rec[j0:j1])
	gruPreact(rg[:n], x[u+j0:u+j1], rec[u+j0:u+j1])
	rnnSigmoid(z[:n], z[:n])
	rnnSigmoid(rg[:n], rg[:n])
	xh, rh := x[2*u+j0:2*u+j1], rec[2*u+j0:2*u+j1]
	xh, rh = xh[:n], rh[:n]
	for k := range xh {
		hh[k] = xh[k] + rg[k]*rh[k]
	}
	rnnTanh(hh[:n], hh[:n])
	dz, dr, dhh := dx[j0:j1], dx[u+j0:u+j1], dx[2*u+j0:2*u+j1]
	hp, dh, dr, dhh = hp[:n], dh[:n], dr[:n], dhh[:n]
	for k := range dz {
		d := dh[k] * (1 - z[k]) * (1 - hh[k]*hh[k])
		dz[k] = dh[k] * (hp[k] - hh[k]) * z[k] * (1 - z[k])
		dr[k] = d * rh[k] * rg[k] * (1 - rg[k])
		dhh[k] = d
	}
}

// gruAfterGradRecBlock computes units [j0, j1) of row r of drec for
// GRUCell from x (in[0]), rec (in[1]) and dx (in[2]): the z and r thirds
// of dx, and its h third times r.
func gruAfterGradRecBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rec, dx, out := a.in[0][3*u*r:], a.in[1][3*u*r:], a.in[2][3*u*r:], a.out[3*u*r:]
	copy(out[j0:j1], dx[j0:j1])
	copy(out[u+j0:u+j1], dx[u+j0:u+j1])
	var rg [rnnBlock]T
	gruPreact(rg[:n], x[u+j0:u+j1], rec[u+j0:u+j1])
	rnnSigmoid(rg[:n], rg[:n])
	d, o := dx[2*u+j0:2*u+j1], out[2*u+j0:2*u+j1]
	d = d[:len(o)]
	for k := range o {
		o[k] = d[k] * rg[k]
	}
}

// gruBeforeGradXBlock computes units [j0, j1) of row r of dx for
// GRUCellResetBefore from x (in[0]), recZR (in[1]), recH (in[2]), h_prev
// (in[3]) and dh (in[4]).
func gruBeforeGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rzr, dx := a.in[0][3*u*r:], a.in[1][2*u*r:], a.out[3*u*r:]
	rh := a.in[2][u*r+j0 : u*r+j1]
	hp, dh := a.in[3][u*r+j0:u*r+j1], a.in[4][u*r+j0:u*r+j1]
	var z, hh [rnnBlock]T
	gruPreact(z[:n], x[j0:j1], rzr[j0:j1])
	gruPreact(hh[:n], x[2*u+j0:2*u+j1], rh)
	rnnSigmoid(z[:n], z[:n])
	rnnTanh(hh[:n], hh[:n])
	clear(dx[u+j0 : u+j1])
	dz, dhh := dx[j0:j1], dx[2*u+j0:2*u+j1]
	hp, dh, dhh = hp[:n], dh[:n], dhh[:n]
	for k := range dz {
		dz[k] = dh[k] * (hp[k] - hh[k]) * z[k] * (1 - z[k])
		dhh[k] = dh[k] * (1 - z[k]) * (1 - hh[k]*hh[k])
	}
}

// gruResetGradXBlock computes units [j0, j1) of row r of dx for
// GRUResetHidden from x (in[0]), recZR (in[1]), h_prev (in[2]) and dy
// (in[3]): [0 | dy·h_prev·r(1−r) | 0].
func gruResetGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rzr, dx := a.in[0][3*u*r:], a.in[1][2*u*r:], a.out[3*u*r:]
	hp, dy := a.in[2][u*r+j0:u*r+j1], a.in[3][u*r+j0:u*r+j1]
	var rg [rnnBlock]T
	gruPreact(rg[:n], x[u+j0:u+j1], rzr[u+j0:u+j1])
	rnnSigmoid(rg[:n], rg[:n])
	clear(dx[j0:j1])
	clear(dx[2*u+j0 : 2*u+j1])
	dr := dx[u+j0 : u+j1]
	hp, dy = hp[:n], dy[:n]
	for k := range dr {
		dr[k] = dy[k] * hp[k] * rg[k] * (1 - rg[k])
	}
}

// gruGateScale computes dy·σ(x_g + rec_g) for gate g from x (in[0]), rec
// (in[1], recMult·units columns) and dy (in[2]).
func gruGateScale(out *tensor.Tensor, in []*tensor.Tensor, units, gate, recMult int) {
	switch gate<<4 | recMult {
	case 0<<4 | 3:
		rnnCompute(out, in, units, gruGateBlock[float32, gruZ3], gruGateBlock[float64, gruZ3])
	case 0<<4 | 2:
		rnnCompute(out, in, units, gruGateBlock[float32, gruZ2], gruGateBlock[float64, gruZ2])
	default:
		rnnCompute(out, in, units, gruGateBlock[float32, gruR2], gruGateBlock[float64, gruR2])
	}
}

// gruGateSel names, as a type, the gate and the width of rec that
// gruGateBlock reads, so that each combination is its own static
// instantiation.
type gruGateSel interface {
	// at returns the gate's third and rec's width in thirds of units.
	at() (gate, recMult int)
}

type (
	gruZ3 struct{} // z gate, rec (batch, 3·units)
	gruZ2 struct{} // z gate, rec (batch, 2·units)
	gruR2 struct{} // r gate, rec (batch, 2·units)
)

func (gruZ3) at() (int, int) { return 0, 3 }
func (gruZ2) at() (int, int) { return 0, 2 }
func (gruR2) at() (int, int) { return 1, 2 }

// gruGateBlock computes units [j0, j1) of row r of dy·σ(x_g + rec_g).
func gruGateBlock[T tensor.Float, S gruGateSel](a *rnnArgs[T], r, j0, j1 int) {
	var sel S
	gate, m := sel.at()
	u, n := a.units, j1-j0
	x, rec := a.in[0][3*u*r+gate*u:], a.in[1][m*u*r+gate*u:]
	dy, out := a.in[2][u*r+j0:u*r+j1], a.out[u*r+j0:u*r+j1]
	var s [rnnBlock]T
	gruPreact(s[:n], x[j0:j1], rec[j0:j1])
	rnnSigmoid(s[:n], s[:n])
	dy = dy[:len(out)]
	for k := range out {
		out[k] = dy[k] * s[k]
	}
}

// gruColumns copies column thirds lo..lo+n of dx (batch, 3·units) into
// out (batch, n·units).
func gruColumns(out, dx *tensor.Tensor, units, lo, n int) {
	rows, w := dx.Shape()[0], n*units
	switch d := out.Raw().(type) {
	case []float32:
		gruCopyCols(d, dx.Float32s(), rows, 3*units, lo*units, w)
	case []float64:
		gruCopyCols(d, dx.Float64s(), rows, 3*units, lo*units, w)
	}
}

// gruCopyCols copies columns [off, off+w) of each of rows rows of width
// stride from src into the rows of width w of dst.
func gruCopyCols[T tensor.Float](dst, src []T, rows, stride, off, w int) {
	for r := 0; r < rows; r++ {
		copy(dst[r*w:(r+1)*w], src[r*stride+off:r*stride+off+w])
	}
}
