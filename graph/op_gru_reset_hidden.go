package graph

import "github.com/neurite/neurite/tensor"

// gruResetHiddenOp is r·h_prev, the reset gate applied to the previous
// hidden state of a GRU cell with reset_after=False.
type gruResetHiddenOp struct{}

// GRUResetHidden returns r·hPrev with r = σ(x_r + recZR_r), the reset gate
// of Keras's GRU cell with reset_after=False applied to the previous
// hidden state, of shape (batch, units); its projection by the h part of
// the recurrent kernel is the recH input of [GRUCellResetBefore], which
// describes the whole step. x is (batch, 3·units) in gate order z, r, h,
// recZR (batch, 2·units) and hPrev (batch, units). The gradient is fused
// ops too (see op_gru_cell_grad.go).
func GRUResetHidden(x, recZR, hPrev *Node) *Node {
	return graphOf(x, recZR, hPrev).AddNode(gruResetHiddenOp{}, "", x, recZR, hPrev)
}

func (gruResetHiddenOp) Type() string { return "GRUResetHidden" }

func (gruResetHiddenOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{3, 2, 1}, 1)
}

func (gruResetHiddenOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	rnnCompute(out, in, out.Shape()[1], gruResetBlock[float32], gruResetBlock[float64])
}

// Gradient: with drp = dy·h_prev·r(1−r), dx = [0 | drp | 0],
// drecZR = [0 | drp] and dh_prev = dy·r.
func (gruResetHiddenOp) Gradient(n, dy *Node) ([]*Node, error) {
	x, rzr, hp := n.inputs[0], n.inputs[1], n.inputs[2]
	g := graphOf(x)
	dx := g.AddNode(gruCellGradOp{part: gruGradResetX}, "", x, rzr, hp, dy)
	return []*Node{
		dx,
		g.AddNode(gruCellGradOp{part: gruGradCols, lo: 0, n: 2}, "", dx),
		g.AddNode(gruCellGradOp{part: gruGradResetH}, "", x, rzr, dy),
	}, nil
}

// gruResetBlock computes units [j0, j1) of row r of r·h_prev from x
// (in[0]), recZR (in[1]) and h_prev (in[2]).
func gruResetBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	x, rzr := a.in[0][3*u*r:], a.in[1][2*u*r:]
	hp, out := a.in[2][u*r+j0:u*r+j1], a.out[u*r+j0:u*r+j1]
	var rg [rnnBlock]T
	gruPreact(rg[:n], x[u+j0:u+j1], rzr[u+j0:u+j1])
	rnnSigmoid(rg[:n], rg[:n])
	hp = hp[:len(out)]
	for k := range out {
		out[k] = rg[k] * hp[k]
	}
}
