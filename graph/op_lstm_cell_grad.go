package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// lstmGradPart selects which gradient an lstmCellGradOp computes.
type lstmGradPart uint8

const (
	// lstmGradZ: inputs z, previous state, state, dState; output dz
	// (batch, 4·units).
	lstmGradZ lstmGradPart = iota
	// lstmGradState: inputs z, state, dState; output the previous state's
	// gradient [0 | δc·f] (batch, 2·units).
	lstmGradState
)

// lstmCellGradOp is a fused gradient of LSTMCell (see its Gradient). Each
// part recomputes the gate activations it needs from z and the cell state
// from the packed states, instead of keeping them from the forward pass:
// that keeps the graph's nodes single-output and the executor's memory to
// one (batch, 2·units) state per step. The gradient of z is one pass over
// z; the previous state's gradient needs only σ(z_f), σ(z_o) and tanh(c).
type lstmCellGradOp struct{ part lstmGradPart }

func (o lstmCellGradOp) Type() string {
	if o.part == lstmGradZ {
		return "LSTMCellGradZ"
	}
	return "LSTMCellGradState"
}

func (o lstmCellGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if o.part == lstmGradZ {
		return rnnInfer(d, s, []int{4, 2, 2, 2}, 4)
	}
	return rnnInfer(d, s, []int{4, 2, 2}, 2)
}

func (o lstmCellGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	units := in[0].Shape()[1] / 4
	if o.part == lstmGradZ {
		rnnCompute(out, in, units, lstmGradZBlock[float32], lstmGradZBlock[float64])
		return
	}
	rnnCompute(out, in, units, lstmGradStateBlock[float32], lstmGradStateBlock[float64])
}

// Gradient: second derivatives of the LSTM cell are not implemented.
func (o lstmCellGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of LSTMCell are not implemented", ErrNoGradient)
}

// lstmGradZBlock computes units [j0, j1) of row r of dz from z (in[0]), the
// previous state (in[1]), the state (in[2]) and its gradient (in[3]).
func lstmGradZBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	z, dz := a.in[0][4*u*r:], a.out[4*u*r:]
	row := 2*u*r + u
	cp := a.in[1][row+j0 : row+j1]
	dh := a.in[3][2*u*r+j0 : 2*u*r+j1]
	dc := a.in[3][row+j0 : row+j1]
	var i, f, g, o, tc [rnnBlock]T
	rnnSigmoid(i[:n], z[j0:j1])
	rnnSigmoid(f[:n], z[u+j0:u+j1])
	rnnTanh(g[:n], z[2*u+j0:2*u+j1])
	rnnSigmoid(o[:n], z[3*u+j0:3*u+j1])
	rnnTanh(tc[:n], a.in[2][row+j0:row+j1])
	dzi, dzf := dz[j0:j1], dz[u+j0:u+j1]
	dzg, dzo := dz[2*u+j0:2*u+j1], dz[3*u+j0:3*u+j1]
	cp, dh, dc = cp[:n], dh[:n], dc[:n]
	dzf, dzg, dzo = dzf[:n], dzg[:n], dzo[:n]
	for k := range dzi {
		dct := dc[k] + dh[k]*o[k]*(1-tc[k]*tc[k])
		dzi[k] = dct * g[k] * i[k] * (1 - i[k])
		dzf[k] = dct * cp[k] * f[k] * (1 - f[k])
		dzg[k] = dct * i[k] * (1 - g[k]*g[k])
		dzo[k] = dh[k] * tc[k] * o[k] * (1 - o[k])
	}
}

// lstmGradStateBlock computes units [j0, j1) of row r of the previous
// state's gradient [0 | δc·f] from z (in[0]), the state (in[1]) and its
// gradient (in[2]).
func lstmGradStateBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	z := a.in[0][4*u*r:]
	row := 2*u*r + u
	dh := a.in[2][2*u*r+j0 : 2*u*r+j1]
	dc := a.in[2][row+j0 : row+j1]
	var f, o, tc [rnnBlock]T
	rnnSigmoid(f[:n], z[u+j0:u+j1])
	rnnSigmoid(o[:n], z[3*u+j0:3*u+j1])
	rnnTanh(tc[:n], a.in[1][row+j0:row+j1])
	clear(a.out[2*u*r+j0 : 2*u*r+j1])
	out := a.out[row+j0 : row+j1]
	dh, dc = dh[:n], dc[:n]
	for k := range out {
		out[k] = (dc[k] + dh[k]*o[k]*(1-tc[k]*tc[k])) * f[k]
	}
}
