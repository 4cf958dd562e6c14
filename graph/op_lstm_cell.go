package graph

import "github.com/neurite/neurite/tensor"

// lstmCellOp is one time step of Keras's LSTM cell on precomputed gate
// pre-activations, producing the packed state [h | c].
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
// gate order i, f, c, o: z = x_t·W + h_prev·U + b, computed outside the op
// (by MatMul and Add; the input projection of all time steps can be one
// product). state is the previous packed state [h_prev | c_prev] of shape
// (batch, 2·units); only its c half is read (h_prev enters through z).
//
// The graph's nodes have one output each, so the cell's two outputs travel
// together: the next step reads c_prev from the packed state directly, and
// h (for the next step's h·U and for the layers above) is
// Slice(state, 1, 0, units). The whole update (four gate activations, the
// cell update and tanh(c)) is one pass over z, and the gradient is two
// fused ops (the gradient of z and of the previous state, see
// op_lstm_cell_grad.go): the packed state's gradient [dh | dc] is what
// they need, summed by the graph from the h slice and the next step.
func LSTMCell(z, state *Node) *Node {
	return graphOf(z, state).AddNode(lstmCellOp{}, "", z, state)
}

func (lstmCellOp) Type() string { return "LSTMCell" }

func (lstmCellOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{4, 2}, 2)
}

func (lstmCellOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	rnnCompute(out, in, out.Shape()[1]/2, lstmCellBlock[float32], lstmCellBlock[float64])
}

// Gradient: for the packed state gradient dS = [dh | dc], with
// δc = dc + dh·o·(1 − tanh²(c)) the total gradient of c, the gradient of z
// is [δc·g·i(1−i), δc·c_prev·f(1−f), δc·i·(1−g²), dh·tanh(c)·o(1−o)] and
// that of the previous state is [0 | δc·f].
func (lstmCellOp) Gradient(n, dy *Node) ([]*Node, error) {
	z, prev := n.inputs[0], n.inputs[1]
	g := graphOf(z)
	return []*Node{
		g.AddNode(lstmCellGradOp{part: lstmGradZ}, "", z, prev, n, dy),
		g.AddNode(lstmCellGradOp{part: lstmGradState}, "", z, n, dy),
	}, nil
}

// lstmCellBlock computes units [j0, j1) of row r of the packed state from
// z (in[0]) and the previous state (in[1]).
func lstmCellBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	z := a.in[0][4*u*r:]
	cp := a.in[1][2*u*r+u+j0 : 2*u*r+u+j1]
	h := a.out[2*u*r+j0 : 2*u*r+j1]
	c := a.out[2*u*r+u+j0 : 2*u*r+u+j1]
	var i, f, g, o [rnnBlock]T
	rnnSigmoid(i[:n], z[j0:j1])
	rnnSigmoid(f[:n], z[u+j0:u+j1])
	rnnTanh(g[:n], z[2*u+j0:2*u+j1])
	rnnSigmoid(o[:n], z[3*u+j0:3*u+j1])
	cp, h = cp[:n], h[:n]
	for k := range c {
		c[k] = f[k]*cp[k] + i[k]*g[k]
	}
	rnnTanh(h, c)
	for k := range h {
		h[k] *= o[k]
	}
}
