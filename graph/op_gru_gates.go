package graph

import "github.com/neurite/neurite/tensor"

// gruGatesOp computes the activated gates of one step of Keras's GRU
// cell, the first node of [GRUCell] (resetAfter, inputs x and rec, output
// [z | r | hh] of shape (batch, 3·units)) and of [GRUCellResetBefore]
// (inputs x, recZR and recH, output [z | hh] of shape (batch, 2·units)).
type gruGatesOp struct{ resetAfter bool }

func (o gruGatesOp) Type() string {
	if o.resetAfter {
		return "GRUCellGates"
	}
	return "GRUCellResetBeforeGates"
}

func (o gruGatesOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if o.resetAfter {
		return rnnInfer(d, s, []int{3, 3}, 3)
	}
	return rnnInfer(d, s, []int{3, 2, 1}, 2)
}

func (o gruGatesOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	units := in[0].Shape()[1] / 3
	if o.resetAfter {
		rnnCompute(out, in, units, gruGatesAfterBlock[float32], gruGatesAfterBlock[float64])
		return
	}
	rnnCompute(out, in, units, gruGatesBeforeBlock[float32], gruGatesBeforeBlock[float64])
}

// Gradient, from the gates a and their gradient da, with
// dzp = da_z·z(1−z) and dhp = da_hh·(1−hh²): reset_after=True gives
// dx = [dzp | (da_r + dhp·rec_h)·r(1−r) | dhp] and
// drec = [dx_z | dx_r | dhp·r]; reset_after=False gives
// dx = [dzp | 0 | dhp], drecZR = [dzp | 0] and drecH = dhp.
func (o gruGatesOp) Gradient(n, dy *Node) ([]*Node, error) {
	g := graphOf(n)
	if o.resetAfter {
		rec := n.inputs[1]
		dx := g.AddNode(gruCellGradOp{part: gruGradGatesX}, "", n, rec, dy)
		return []*Node{dx, g.AddNode(gruCellGradOp{part: gruGradGatesRec}, "", n, dx)}, nil
	}
	dx := g.AddNode(gruCellGradOp{part: gruGradGatesBeforeX}, "", n, dy)
	return []*Node{
		dx,
		g.AddNode(gruCellGradOp{part: gruGradCols, lo: 0, n: 2}, "", dx),
		g.AddNode(gruCellGradOp{part: gruGradCols, lo: 2, n: 1}, "", dx),
	}, nil
}

// gruGatesAfterBlock computes units [j0, j1) of row r of [z | r | hh] from
// x (in[0]) and rec (in[1]).
func gruGatesAfterBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	x, rec, out := a.in[0][3*u*r:3*u*(r+1)], a.in[1][3*u*r:3*u*(r+1)], a.out[3*u*r:3*u*(r+1)]
	z, rg, hh := out[j0:j1], out[u+j0:u+j1], out[2*u+j0:2*u+j1]
	gruPreact(z, x[j0:j1], rec[j0:j1])
	gruPreact(rg, x[u+j0:u+j1], rec[u+j0:u+j1])
	rnnSigmoid(z, z)
	rnnSigmoid(rg, rg)
	xh, rh := x[2*u+j0:2*u+j1], rec[2*u+j0:2*u+j1]
	xh, rh, rg = xh[:len(hh)], rh[:len(hh)], rg[:len(hh)]
	for k := range hh {
		hh[k] = xh[k] + rg[k]*rh[k]
	}
	rnnTanh(hh, hh)
}

// gruGatesBeforeBlock computes units [j0, j1) of row r of [z | hh] from x
// (in[0]), recZR (in[1]) and recH (in[2]).
func gruGatesBeforeBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	x, rzr, out := a.in[0][3*u*r:3*u*(r+1)], a.in[1][2*u*r:2*u*(r+1)], a.out[2*u*r:2*u*(r+1)]
	z, hh := out[j0:j1], out[u+j0:u+j1]
	gruPreact(z, x[j0:j1], rzr[j0:j1])
	gruPreact(hh, x[2*u+j0:2*u+j1], a.in[2][u*r+j0:u*r+j1])
	rnnSigmoid(z, z)
	rnnTanh(hh, hh)
}

// gruPreact sets d[k] = x[k] + y[k].
func gruPreact[T tensor.Float](d, x, y []T) {
	x, y = x[:len(d)], y[:len(d)]
	for k := range d {
		d[k] = x[k] + y[k]
	}
}
