package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// gruGradPart selects which gradient a gruCellGradOp computes.
type gruGradPart uint8

const (
	// gruGradMixGates: inputs gates (k·units), h_prev, dh of the mixing
	// node; output the gates' gradient.
	gruGradMixGates gruGradPart = iota
	// gruGradMixH: inputs gates (k·units), dh; output dh·z, the gradient
	// of h_prev.
	gruGradMixH
	// gruGradGatesX: inputs gates [z | r | hh], rec, dgates of
	// GRUCellGates; output dx.
	gruGradGatesX
	// gruGradGatesRec: inputs gates [z | r | hh], dx of GRUCellGates;
	// output drec.
	gruGradGatesRec
	// gruGradGatesBeforeX: inputs gates [z | hh], dgates of
	// GRUCellResetBeforeGates; output dx.
	gruGradGatesBeforeX
	// gruGradResetX: inputs x, recZR, h_prev, dy of GRUResetHidden; output
	// dx.
	gruGradResetX
	// gruGradResetH: inputs x, recZR, dy of GRUResetHidden; output dy·r,
	// the gradient of h_prev.
	gruGradResetH
	// gruGradCols: input dx (batch, 3·units); output its column thirds
	// lo..lo+n.
	gruGradCols
)

// gruCellGradOp is a fused gradient of a node of GRUCell,
// GRUCellResetBefore or GRUResetHidden (see their Gradient methods).
type gruCellGradOp struct {
	part  gruGradPart
	k     int // the gates' width in thirds (gruGradMixGates, gruGradMixH)
	lo, n int // gruGradCols
}

func (o gruCellGradOp) Type() string {
	return [...]string{"GRUCellGradGates", "GRUCellGradH", "GRUCellGatesGradX", "GRUCellGatesGradRec",
		"GRUCellResetBeforeGatesGradX", "GRUResetHiddenGradX", "GRUResetHiddenGradH", "GRUCellGradColumns"}[o.part]
}

// shape returns the input widths and output width of the part, in units.
func (o gruCellGradOp) shape() (in []int, out int) {
	switch o.part {
	case gruGradMixGates:
		return []int{o.k, 1, 1}, o.k
	case gruGradMixH:
		return []int{o.k, 1}, 1
	case gruGradGatesX:
		return []int{3, 3, 3}, 3
	case gruGradGatesRec:
		return []int{3, 3}, 3
	case gruGradGatesBeforeX:
		return []int{2, 2}, 3
	case gruGradResetX:
		return []int{3, 2, 1, 1}, 3
	case gruGradResetH:
		return []int{3, 2, 1}, 1
	default:
		return []int{3}, o.n
	}
}

func (o gruCellGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	in, out := o.shape()
	return rnnInfer(d, s, in, out)
}

func (o gruCellGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	widths, _ := o.shape()
	units := in[0].Shape()[1] / widths[0]
	switch o.part {
	case gruGradMixGates:
		if o.k == 3 {
			rnnCompute(out, in, units, gruMixGradBlock[float32, gruK3], gruMixGradBlock[float64, gruK3])
		} else {
			rnnCompute(out, in, units, gruMixGradBlock[float32, gruK2], gruMixGradBlock[float64, gruK2])
		}
	case gruGradMixH:
		if o.k == 3 {
			rnnCompute(out, in, units, gruMixGradHBlock[float32, gruK3], gruMixGradHBlock[float64, gruK3])
		} else {
			rnnCompute(out, in, units, gruMixGradHBlock[float32, gruK2], gruMixGradHBlock[float64, gruK2])
		}
	case gruGradGatesX:
		rnnCompute(out, in, units, gruGatesGradXBlock[float32], gruGatesGradXBlock[float64])
	case gruGradGatesRec:
		rnnCompute(out, in, units, gruGatesGradRecBlock[float32], gruGatesGradRecBlock[float64])
	case gruGradGatesBeforeX:
		rnnCompute(out, in, units, gruGatesBeforeGradXBlock[float32], gruGatesBeforeGradXBlock[float64])
	case gruGradResetX:
		rnnCompute(out, in, units, gruResetGradXBlock[float32], gruResetGradXBlock[float64])
	case gruGradResetH:
		rnnCompute(out, in, units, gruResetGradHBlock[float32], gruResetGradHBlock[float64])
	default:
		gruColumns(out, in[0], units, o.lo, o.n)
	}
}

// Gradient: second derivatives of the GRU cell ops are not implemented.
func (o gruCellGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of the GRU cell ops are not implemented", ErrNoGradient)
}

// gruMixGradBlock computes units [j0, j1) of row r of the gates' gradient
// [dh·(h_prev − hh) | 0 (k = 3) | dh·(1 − z)] from the gates (in[0]),
// h_prev (in[1]) and dh (in[2]).
func gruMixGradBlock[T tensor.Float, W gruWidth](a *rnnArgs[T], r, j0, j1 int) {
	var w W
	k, u := w.k(), a.units
	gt, dg := a.in[0][k*u*r:k*u*(r+1)], a.out[k*u*r:k*u*(r+1)]
	hi := (k - 1) * u
	z, hh := gt[j0:j1], gt[hi+j0:hi+j1]
	hp, dh := a.in[1][u*r+j0:u*r+j1], a.in[2][u*r+j0:u*r+j1]
	dz, dhh := dg[j0:j1], dg[hi+j0:hi+j1]
	if k == 3 {
		clear(dg[u+j0 : u+j1])
	}
	hh, hp, dh, dz, dhh = hh[:len(z)], hp[:len(z)], dh[:len(z)], dz[:len(z)], dhh[:len(z)]
	for i := range z {
		dz[i] = dh[i] * (hp[i] - hh[i])
		dhh[i] = dh[i] * (1 - z[i])
	}
}

// gruMixGradHBlock computes units [j0, j1) of row r of dh·z from the gates
// (in[0]) and dh (in[1]).
func gruMixGradHBlock[T tensor.Float, W gruWidth](a *rnnArgs[T], r, j0, j1 int) {
	var w W
	k, u := w.k(), a.units
	rnnMul(a.out[u*r+j0:u*r+j1], a.in[1][u*r+j0:u*r+j1], a.in[0][k*u*r+j0:k*u*r+j1])
}

// gruGatesGradXBlock computes units [j0, j1) of row r of dx for
// GRUCellGates from the gates [z | r | hh] (in[0]), rec (in[1]) and their
// gradient (in[2]).
func gruGatesGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	gt, rec := a.in[0][3*u*r:3*u*(r+1)], a.in[1][3*u*r:3*u*(r+1)]
	dg, dx := a.in[2][3*u*r:3*u*(r+1)], a.out[3*u*r:3*u*(r+1)]
	kernels.SigmoidGrad(dx[j0:j1], gt[j0:j1], dg[j0:j1])
	dhh := dx[2*u+j0 : 2*u+j1]
	kernels.TanhGrad(dhh, gt[2*u+j0:2*u+j1], dg[2*u+j0:2*u+j1])
	var t [rnnBlock]T
	rnnMul(t[:n], dhh, rec[2*u+j0:2*u+j1])
	kernels.Rows(kernels.OpAdd, t[:n], t[:n], dg[u+j0:u+j1], 1, n, n, n)
	kernels.SigmoidGrad(dx[u+j0:u+j1], gt[u+j0:u+j1], t[:n])
}

// gruGatesGradRecBlock computes units [j0, j1) of row r of drec =
// [dx_z | dx_r | dx_h·r] for GRUCellGates from the gates (in[0]) and dx
// (in[1]).
func gruGatesGradRecBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	gt, dx, out := a.in[0][3*u*r:3*u*(r+1)], a.in[1][3*u*r:3*u*(r+1)], a.out[3*u*r:3*u*(r+1)]
	copy(out[j0:j1], dx[j0:j1])
	copy(out[u+j0:u+j1], dx[u+j0:u+j1])
	rnnMul(out[2*u+j0:2*u+j1], dx[2*u+j0:2*u+j1], gt[u+j0:u+j1])
}

// gruGatesBeforeGradXBlock computes units [j0, j1) of row r of
// dx = [da_z·z(1−z) | 0 | da_hh·(1−hh²)] for GRUCellResetBeforeGates from
// the gates [z | hh] (in[0]) and their gradient (in[1]).
func gruGatesBeforeGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	gt, dg, dx := a.in[0][2*u*r:2*u*(r+1)], a.in[1][2*u*r:2*u*(r+1)], a.out[3*u*r:3*u*(r+1)]
	kernels.SigmoidGrad(dx[j0:j1], gt[j0:j1], dg[j0:j1])
	clear(dx[u+j0 : u+j1])
	kernels.TanhGrad(dx[2*u+j0:2*u+j1], gt[u+j0:u+j1], dg[u+j0:u+j1])
}

// gruResetGradXBlock computes units [j0, j1) of row r of dx for
// GRUResetHidden from x (in[0]), recZR (in[1]), h_prev (in[2]) and dy
// (in[3]): [0 | dy·h_prev·r(1−r) | 0].
func gruResetGradXBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rzr, dx := a.in[0][3*u*r:3*u*(r+1)], a.in[1][2*u*r:2*u*(r+1)], a.out[3*u*r:3*u*(r+1)]
	var rg, t [rnnBlock]T
	gruPreact(rg[:n], x[u+j0:u+j1], rzr[u+j0:u+j1])
	rnnSigmoid(rg[:n], rg[:n])
	rnnMul(t[:n], a.in[3][u*r+j0:u*r+j1], a.in[2][u*r+j0:u*r+j1])
	clear(dx[j0:j1])
	clear(dx[2*u+j0 : 2*u+j1])
	kernels.SigmoidGrad(dx[u+j0:u+j1], rg[:n], t[:n])
}

// gruResetGradHBlock computes units [j0, j1) of row r of dy·r for
// GRUResetHidden from x (in[0]), recZR (in[1]) and dy (in[2]).
func gruResetGradHBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	var rg [rnnBlock]T
	gruPreact(rg[:n], a.in[0][3*u*r+u+j0:3*u*r+u+j1], a.in[1][2*u*r+u+j0:2*u*r+u+j1])
	rnnSigmoid(rg[:n], rg[:n])
	rnnMul(a.out[u*r+j0:u*r+j1], a.in[2][u*r+j0:u*r+j1], rg[:n])
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
