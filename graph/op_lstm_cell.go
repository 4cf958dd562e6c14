package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// lstmCellOp is the cell update of one time step of Keras's LSTM cell from
// the activated gates, producing the packed state [h | c].
type lstmCellOp struct{}

// LSTMCell returns the state after one time step of Keras's LSTM cell
// (activation tanh, recurrent_activation sigmoid, no peepholes), packed as
// one matrix [h | c] of shape (batch, 2·units):
//
//	i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o)
//	c = f·c_prev + i·g
//	h = o·tanh(c)
//
// z, of shape (batch, 4·units), holds the gate pre-activations in Keras's
// gate order i, f, c, o: z = x_t·W + h_prev·U + b, computed outside (by
// MatMul and Add; the input projection of all time steps can be one
// product). state is the previous packed state [h_prev | c_prev] of shape
// (batch, 2·units); only its c half is read (h_prev enters through z).
//
// The graph's nodes have one output each, so the cell's two outputs travel
// together: the next step reads c_prev from the packed state directly, and
// h (for the next step's h·U and for the layers above) is
// Slice(state, 1, 0, units). LSTMCell adds two nodes: LSTMCellGates, one pass
// over z that applies the four gate activations, and LSTMCell, one pass
// that updates c and computes h. Keeping the activated gates costs one
// (batch, 4·units) buffer per step and saves the backward pass from
// evaluating them again: the gradient is three fused passes (see
// op_lstm_cell_grad.go and op_lstm_gates.go) that evaluate only tanh(c),
// twice.
func LSTMCell(z, state *Node) *Node {
	g := graphOf(z, state)
	return g.AddNode(lstmCellOp{}, "", lstmGates(z), state)
}

func (lstmCellOp) Type() string { return "LSTMCell" }

func (lstmCellOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{4, 2}, 2)
}

func (lstmCellOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	rnnCompute(out, in, out.Shape()[1]/2, lstmCellBlock[float32], lstmCellBlock[float64])
}

// Gradient: for the packed state gradient dS = [dh | dc], with
// δc = dc + dh·o·(1 − tanh²(c)) the total gradient of c, the gradient of
// the activated gates is [δc·g, δc·c_prev, δc·i, dh·tanh(c)] and that of
// the previous state is [0 | δc·f].
func (lstmCellOp) Gradient(n, dy *Node) ([]*Node, error) {
	gates, prev := n.inputs[0], n.inputs[1]
	g := graphOf(gates)
	return []*Node{
		g.AddNode(lstmCellGradOp{part: lstmGradGates}, "", gates, prev, n, dy),
		g.AddNode(lstmCellGradOp{part: lstmGradState}, "", gates, n, dy),
	}, nil
}

// lstmCellBlock computes units [j0, j1) of row r of the packed state from
// the activated gates (in[0]) and the previous state (in[1]), with the
// vectorised kernels: c = f·c_prev + i·g, h = o·tanh(c).
func lstmCellBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	gt := a.in[0][4*u*r : 4*u*(r+1)]
	i, f, g, o := gt[j0:j1], gt[u+j0:u+j1], gt[2*u+j0:2*u+j1], gt[3*u+j0:3*u+j1]
	cp := a.in[1][2*u*r+u+j0 : 2*u*r+u+j1]
	h := a.out[2*u*r+j0 : 2*u*r+j1]
	c := a.out[2*u*r+u+j0 : 2*u*r+u+j1]
	var t [rnnBlock]T
	rnnMul(t[:n], f, cp)
	rnnMul(c, i, g)
	kernels.Rows(kernels.OpAdd, c, c, t[:n], 1, n, n, n)
	rnnTanh(h, c)
	rnnMul(h, h, o)
}

// rnnMul sets d[k] = x[k]·y[k] with the vectorised kernel.
func rnnMul[T tensor.Float](d, x, y []T) {
	kernels.Rows(kernels.OpMul, d, x, y, 1, len(d), len(d), len(d))
}
