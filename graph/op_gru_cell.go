package graph

import "github.com/neurite/neurite/tensor"

// gruCellOp is one time step of Keras's GRU cell on precomputed
// projections, for either setting of reset_after.
type gruCellOp struct{ resetAfter bool }

// GRUCell returns h, of shape (batch, units), after one time step of
// Keras's GRU cell with reset_after=True (Keras's default; activation tanh,
// recurrent_activation sigmoid), gate order z, r, h:
//
//	z  = σ(x_z + rec_z)
//	r  = σ(x_r + rec_r)
//	hh = tanh(x_h + r·rec_h)
//	h  = z·h_prev + (1 − z)·hh
//
// x = x_t·W + input_bias and rec = h_prev·U + recurrent_bias, both of
// shape (batch, 3·units), are computed outside the op (by MatMul and Add);
// hPrev is (batch, units). The cell is one pass over x and rec; its
// gradient is three fused ops (of x, of rec and of hPrev, see
// op_gru_cell_grad.go).
func GRUCell(x, rec, hPrev *Node) *Node {
	return graphOf(x, rec, hPrev).AddNode(gruCellOp{resetAfter: true}, "", x, rec, hPrev)
}

// GRUCellResetBefore returns h after one time step of Keras's GRU cell
// with reset_after=False, where the reset gate scales h_prev before its
// projection. The step is split in three:
//
//	recZR = h_prev·U[:, :2·units]           (MatMul, outside)
//	rh    = GRUResetHidden(x, recZR, hPrev)  = r·h_prev
//	recH  = rh·U[:, 2·units:]               (MatMul, outside)
//	h     = GRUCellResetBefore(x, recZR, recH, hPrev)
//
// with z = σ(x_z + recZR_z), hh = tanh(x_h + recH) and
// h = z·h_prev + (1 − z)·hh. x = x_t·W + bias is (batch, 3·units), recZR
// (batch, 2·units), recH and hPrev (batch, units). Keras has no recurrent
// bias in this mode; one, if wanted, is added to recZR and recH outside.
func GRUCellResetBefore(x, recZR, recH, hPrev *Node) *Node {
	return graphOf(x, recZR, recH, hPrev).AddNode(gruCellOp{}, "", x, recZR, recH, hPrev)
}

func (o gruCellOp) Type() string {
	if o.resetAfter {
		return "GRUCell"
	}
	return "GRUCellResetBefore"
}

func (o gruCellOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if o.resetAfter {
		return rnnInfer(d, s, []int{3, 3, 1}, 1)
	}
	return rnnInfer(d, s, []int{3, 2, 1, 1}, 1)
}

func (o gruCellOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	units := out.Shape()[1]
	if o.resetAfter {
		rnnCompute(out, in, units, gruAfterBlock[float32], gruAfterBlock[float64])
		return
	}
	rnnCompute(out, in, units, gruBeforeBlock[float32], gruBeforeBlock[float64])
}

// Gradient: with dhh = dh·(1−z)·(1−hh²) and dzp = dh·(h_prev−hh)·z(1−z),
// reset_after=True gives dx = [dzp | dhh·rec_h·r(1−r) | dhh],
// drec = [dx_z | dx_r | dhh·r] and dh_prev = dh·z; reset_after=False gives
// dx = [dzp | 0 | dhh], drecZR = [dzp | 0], drecH = dhh and dh_prev = dh·z
// (the reset gate's share flows through GRUResetHidden).
func (o gruCellOp) Gradient(n, dy *Node) ([]*Node, error) {
	in := n.inputs
	x, rec := in[0], in[1]
	g := graphOf(x)
	if o.resetAfter {
		dx := g.AddNode(gruCellGradOp{part: gruGradAfterX}, "", x, rec, in[2], dy)
		return []*Node{
			dx,
			g.AddNode(gruCellGradOp{part: gruGradAfterRec}, "", x, rec, dx),
			g.AddNode(gruCellGradOp{part: gruGradGate, gate: 0, recMult: 3}, "", x, rec, dy),
		}, nil
	}
	dx := g.AddNode(gruCellGradOp{part: gruGradBeforeX}, "", x, rec, in[2], in[3], dy)
	return []*Node{
		dx,
		g.AddNode(gruCellGradOp{part: gruGradCols, lo: 0, n: 2}, "", dx),
		g.AddNode(gruCellGradOp{part: gruGradCols, lo: 2, n: 1}, "", dx),
		g.AddNode(gruCellGradOp{part: gruGradGate, gate: 0, recMult: 2}, "", x, rec, dy),
	}, nil
}

// gruAfterBlock computes units [j0, j1) of row r of h for reset_after=True
// from x (in[0]), rec (in[1]) and h_prev (in[2]).
func gruAfterBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rec := a.in[0][3*u*r:], a.in[1][3*u*r:]
	hp, h := a.in[2][u*r+j0:u*r+j1], a.out[u*r+j0:u*r+j1]
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
	gruMix(h, z[:n], hp, hh[:n])
}

// gruBeforeBlock computes units [j0, j1) of row r of h for
// reset_after=False from x (in[0]), recZR (in[1]), recH (in[2]) and h_prev
// (in[3]).
func gruBeforeBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x := a.in[0][3*u*r:]
	rzr := a.in[1][2*u*r:]
	rh := a.in[2][u*r+j0 : u*r+j1]
	hp, h := a.in[3][u*r+j0:u*r+j1], a.out[u*r+j0:u*r+j1]
	var z, hh [rnnBlock]T
	gruPreact(z[:n], x[j0:j1], rzr[j0:j1])
	gruPreact(hh[:n], x[2*u+j0:2*u+j1], rh)
	rnnSigmoid(z[:n], z[:n])
	rnnTanh(hh[:n], hh[:n])
	gruMix(h, z[:n], hp, hh[:n])
}

// gruPreact sets d[k] = x[k] + y[k].
func gruPreact[T tensor.Float](d, x, y []T) {
	x, y = x[:len(d)], y[:len(d)]
	for k := range d {
		d[k] = x[k] + y[k]
	}
}

// gruMix sets h[k] = z[k]·hp[k] + (1 − z[k])·hh[k], as Keras computes it.
func gruMix[T tensor.Float](h, z, hp, hh []T) {
	z, hp, hh = z[:len(h)], hp[:len(h)], hh[:len(h)]
	for k := range h {
		h[k] = z[k]*hp[k] + (1-z[k])*hh[k]
	}
}
