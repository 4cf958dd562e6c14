package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// gruMixOp is the last stage of one time step of Keras's GRU cell:
// h = z·h_prev + (1 − z)·hh, from the activated gates a of shape
// (batch, k·units), with z the first and hh the last third (k = 3 for
// reset_after=True, whose a is [z | r | hh]; k = 2 for reset_after=False,
// whose a is [z | hh]).
type gruMixOp struct{ k int }

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
// shape (batch, 3·units), are computed outside (by MatMul and Add); hPrev
// is (batch, units). GRUCell adds two nodes: GRUCellGates, one pass over x
// and rec that computes the activated gates [z | r | hh], and GRUCell,
// one pass that mixes h. Keeping the activated gates costs one
// (batch, 3·units) buffer per step and lets the backward pass (fused ops,
// see op_gru_gates.go and op_gru_cell_grad.go) evaluate no transcendental
// function at all.
func GRUCell(x, rec, hPrev *Node) *Node {
	g := graphOf(x, rec, hPrev)
	gates := g.AddNode(gruGatesOp{resetAfter: true}, "", x, rec)
	return g.AddNode(gruMixOp{k: 3}, "", gates, hPrev)
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
// Like [GRUCell] it adds a gates node ([z | hh]) and a mixing node.
func GRUCellResetBefore(x, recZR, recH, hPrev *Node) *Node {
	g := graphOf(x, recZR, recH, hPrev)
	gates := g.AddNode(gruGatesOp{}, "", x, recZR, recH)
	return g.AddNode(gruMixOp{k: 2}, "", gates, hPrev)
}

func (o gruMixOp) Type() string {
	if o.k == 3 {
		return "GRUCell"
	}
	return "GRUCellResetBefore"
}

func (o gruMixOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{o.k, 1}, 1)
}

func (o gruMixOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if o.k == 3 {
		rnnCompute(out, in, out.Shape()[1], gruMixBlock[float32, gruK3], gruMixBlock[float64, gruK3])
		return
	}
	rnnCompute(out, in, out.Shape()[1], gruMixBlock[float32, gruK2], gruMixBlock[float64, gruK2])
}

// Gradient: da = [dh·(h_prev − hh) | 0 (the r third, k = 3) | dh·(1 − z)]
// and dh_prev = dh·z.
func (o gruMixOp) Gradient(n, dy *Node) ([]*Node, error) {
	gates, hp := n.inputs[0], n.inputs[1]
	g := graphOf(gates)
	return []*Node{
		g.AddNode(gruCellGradOp{part: gruGradMixGates, k: o.k}, "", gates, hp, dy),
		g.AddNode(gruCellGradOp{part: gruGradMixH, k: o.k}, "", gates, dy),
	}, nil
}

// gruWidth names, as a type, the width k of the gates matrix in thirds of
// units, so that each width is its own static instantiation.
type gruWidth interface{ k() int }

type (
	gruK3 struct{} // [z | r | hh]
	gruK2 struct{} // [z | hh]
)

func (gruK3) k() int { return 3 }
func (gruK2) k() int { return 2 }

// gruMixBlock computes units [j0, j1) of row r of h from the gates
// (in[0]) and h_prev (in[1]), with the vector kernels: z·h_prev, then
// (1 − z)·hh, then their sum.
func gruMixBlock[T tensor.Float, W gruWidth](a *rnnArgs[T], r, j0, j1 int) {
	var w W
	k, u, n := w.k(), a.units, j1-j0
	gt := a.in[0][k*u*r : k*u*(r+1)]
	z, hh := gt[j0:j1], gt[(k-1)*u+j0:(k-1)*u+j1]
	hp, h := a.in[1][u*r+j0:u*r+j1], a.out[u*r+j0:u*r+j1]
	var t [rnnBlock]T
	kernels.ScalarVec(kernels.OpSub, t[:n], 1, z)
	rnnMul(t[:n], t[:n], hh)
	rnnMul(h, z, hp)
	kernels.Rows(kernels.OpAdd, h, h, t[:n], 1, n, 0, 0)
}
