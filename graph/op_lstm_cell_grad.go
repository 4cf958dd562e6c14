package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// lstmGradPart selects which gradient an lstmCellGradOp computes.
type lstmGradPart uint8

const (
	// lstmGradGates: inputs gates, previous state, state, dState; output
	// the gradient of the activated gates (batch, 4·units).
	lstmGradGates lstmGradPart = iota
	// lstmGradState: inputs gates, state, dState; output the previous
	// state's gradient [0 | δc·f] (batch, 2·units).
	lstmGradState
	// lstmGradZ: the inputs of lstmGradGates; output the gradient of the
	// gates' pre-activations z (batch, 4·units), lstmGradGates followed
	// by the gate activations' derivatives (lstmGatesGradOp) in one pass.
	lstmGradZ
)

// lstmCellGradOp is a fused gradient of the LSTMCell node (see its
// Gradient). Each part reads the activated gates and recomputes tanh(c)
// from the packed state, the one activation not kept.
type lstmCellGradOp struct{ part lstmGradPart }

func (o lstmCellGradOp) Type() string {
	return [...]string{"LSTMCellGradGates", "LSTMCellGradState", "LSTMCellGradZ"}[o.part]
}

func (o lstmCellGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if o.part != lstmGradState {
		return rnnInfer(d, s, []int{4, 2, 2, 2}, 4)
	}
	return rnnInfer(d, s, []int{4, 2, 2}, 2)
}

func (o lstmCellGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	units := in[0].Shape()[1] / 4
	switch o.part {
	case lstmGradGates:
		rnnCompute(out, in, units, lstmGradGatesBlock[float32], lstmGradGatesBlock[float64])
		return
	case lstmGradZ:
		rnnCompute(out, in, units, lstmGradZBlock[float32], lstmGradZBlock[float64])
		return
	}
	rnnCompute(out, in, units, lstmGradStateBlock[float32], lstmGradStateBlock[float64])
}

// Gradient: second derivatives of the LSTM cell are not implemented.
func (o lstmCellGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of LSTMCell are not implemented", ErrNoGradient)
}

// lstmGradGatesBlock computes units [j0, j1) of row r of the gates'
// gradient [δc·g | δc·c_prev | δc·i | dh·tanh(c)] from the gates (in[0]),
// the previous state (in[1]), the state (in[2]) and its gradient (in[3]),
// with the vectorised kernels.
func lstmGradGatesBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	gt, dg := a.in[0][4*u*r:4*u*(r+1)], a.out[4*u*r:4*u*(r+1)]
	row := 2*u*r + u
	var tc, dct [rnnBlock]T
	lstmDeltaC(tc[:n], dct[:n], gt[3*u+j0:3*u+j1], a.in[2][row+j0:row+j1],
		a.in[3][2*u*r+j0:2*u*r+j1], a.in[3][row+j0:row+j1])
	rnnMul(dg[j0:j1], dct[:n], gt[2*u+j0:2*u+j1])
	rnnMul(dg[u+j0:u+j1], dct[:n], a.in[1][row+j0:row+j1])
	rnnMul(dg[2*u+j0:2*u+j1], dct[:n], gt[j0:j1])
	rnnMul(dg[3*u+j0:3*u+j1], a.in[3][2*u*r+j0:2*u*r+j1], tc[:n])
}

// lstmGradZBlock computes units [j0, j1) of row r of the gradient of z
// from the inputs of lstmGradGatesBlock: each gate's gradient, as
// lstmGradGatesBlock computes it, goes through a block on the stack to
// the activation's derivative, as lstmGatesGradBlock applies it, so the
// result is bit for bit that of the two ops.
func lstmGradZBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	lstmGradZRow(a, r, j0, j1, false)
}

// lstmGradZRow is lstmGradZBlock, and with carry lstmGradZCarryBlock
// (the sequence op's backward loop), which also writes δc·f into the c
// half of row r of in[4].
func lstmGradZRow[T tensor.Float](a *rnnArgs[T], r, j0, j1 int, carry bool) {
	u, n := a.units, j1-j0
	gt, dz := a.in[0][4*u*r:4*u*(r+1)], a.out[4*u*r:4*u*(r+1)]
	row := 2*u*r + u
	dh := a.in[3][2*u*r+j0 : 2*u*r+j1]
	var tc, dct, dg [rnnBlock]T
	lstmDeltaC(tc[:n], dct[:n], gt[3*u+j0:3*u+j1], a.in[2][row+j0:row+j1], dh, a.in[3][row+j0:row+j1])
	if carry {
		rnnMul(a.in[4][row+j0:row+j1], dct[:n], gt[u+j0:u+j1])
	}
	rnnMul(dg[:n], dct[:n], gt[2*u+j0:2*u+j1])
	kernels.SigmoidGrad(dz[j0:j1], gt[j0:j1], dg[:n])
	rnnMul(dg[:n], dct[:n], a.in[1][row+j0:row+j1])
	kernels.SigmoidGrad(dz[u+j0:u+j1], gt[u+j0:u+j1], dg[:n])
	rnnMul(dg[:n], dct[:n], gt[j0:j1])
	kernels.TanhGrad(dz[2*u+j0:2*u+j1], gt[2*u+j0:2*u+j1], dg[:n])
	rnnMul(dg[:n], dh, tc[:n])
	kernels.SigmoidGrad(dz[3*u+j0:3*u+j1], gt[3*u+j0:3*u+j1], dg[:n])
}

// lstmGradStateBlock computes units [j0, j1) of row r of the previous
// state's gradient [0 | δc·f] from the gates (in[0]), the state (in[1])
// and its gradient (in[2]).
func lstmGradStateBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u, n := a.units, j1-j0
	gt := a.in[0][4*u*r : 4*u*(r+1)]
	row := 2*u*r + u
	var tc, dct [rnnBlock]T
	lstmDeltaC(tc[:n], dct[:n], gt[3*u+j0:3*u+j1], a.in[1][row+j0:row+j1],
		a.in[2][2*u*r+j0:2*u*r+j1], a.in[2][row+j0:row+j1])
	clear(a.out[2*u*r+j0 : 2*u*r+j1])
	rnnMul(a.out[row+j0:row+j1], dct[:n], gt[u+j0:u+j1])
}

// lstmDeltaC sets tc = tanh(c) and dct = dc + dh·o·(1 − tc²), the total
// gradient of c, for one block.
func lstmDeltaC[T tensor.Float](tc, dct, o, c, dh, dc []T) {
	rnnTanh(tc, c)
	rnnMul(dct, dh, o)
	kernels.TanhGrad(dct, tc, dct)
	kernels.Rows(kernels.OpAdd, dct, dct, dc, 1, len(dct), len(dct), len(dct))
}
