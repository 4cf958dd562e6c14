package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// lstmGatesOp applies the LSTM gate activations to the pre-activations z
// (batch, 4·units) in Keras's gate order i, f, c, o:
// [σ(z_i) | σ(z_f) | tanh(z_c) | σ(z_o)]. It is the first node of
// [LSTMCell]; keeping the activated gates as a node lets the backward pass
// compute every derivative from them, with no transcendental function
// evaluated again.
type lstmGatesOp struct{}

func lstmGates(z *Node) *Node { return graphOf(z).AddNode(lstmGatesOp{}, "LSTMCellGates", z) }

func (lstmGatesOp) Type() string { return "LSTMCellGates" }

func (lstmGatesOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{4}, 4)
}

func (lstmGatesOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	rnnCompute(out, in, out.Shape()[1]/4, lstmGatesBlock[float32], lstmGatesBlock[float64])
}

// Gradient: from the activated gates a, dz = [da_i·i(1−i) | da_f·f(1−f) |
// da_c·(1−g²) | da_o·o(1−o)], the fused op lstmGatesGrad(a, da). When da
// is the LSTMCell's gradient of these gates and nothing else (the gates
// feed only their cell), dz is computed from the cell's gradient inputs
// in one pass instead (lstmGradZ), and da is never stored.
func (lstmGatesOp) Gradient(n, dy *Node) ([]*Node, error) {
	if o, ok := dy.op.(lstmCellGradOp); ok && o.part == lstmGradGates && dy.inputs[0] == n {
		return []*Node{graphOf(n).AddNode(lstmCellGradOp{part: lstmGradZ}, "", dy.inputs...)}, nil
	}
	return []*Node{graphOf(n).AddNode(lstmGatesGradOp{}, "", n, dy)}, nil
}

// lstmGatesBlock activates units [j0, j1) of the four gates of row r.
func lstmGatesBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	z, out := a.in[0][4*u*r:4*u*(r+1)], a.out[4*u*r:4*u*(r+1)]
	rnnSigmoid(out[j0:j1], z[j0:j1])
	rnnSigmoid(out[u+j0:u+j1], z[u+j0:u+j1])
	rnnTanh(out[2*u+j0:2*u+j1], z[2*u+j0:2*u+j1])
	rnnSigmoid(out[3*u+j0:3*u+j1], z[3*u+j0:3*u+j1])
}

// lstmGatesGradOp is the gradient of lstmGatesOp from its output a and
// the incoming gradient da, with the vectorised SigmoidGrad and TanhGrad
// kernels.
type lstmGatesGradOp struct{}

func (lstmGatesGradOp) Type() string { return "LSTMCellGatesGrad" }

func (lstmGatesGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return rnnInfer(d, s, []int{4, 4}, 4)
}

func (lstmGatesGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	rnnCompute(out, in, out.Shape()[1]/4, lstmGatesGradBlock[float32], lstmGatesGradBlock[float64])
}

// Gradient: second derivatives of the LSTM cell are not implemented.
func (lstmGatesGradOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: second derivatives of LSTMCell are not implemented", ErrNoGradient)
}

// lstmGatesGradBlock computes units [j0, j1) of the four gates of row r of
// dz from a (in[0]) and da (in[1]).
func lstmGatesGradBlock[T tensor.Float](a *rnnArgs[T], r, j0, j1 int) {
	u := a.units
	y, dy, dz := a.in[0][4*u*r:4*u*(r+1)], a.in[1][4*u*r:4*u*(r+1)], a.out[4*u*r:4*u*(r+1)]
	kernels.SigmoidGrad(dz[j0:j1], y[j0:j1], dy[j0:j1])
	kernels.SigmoidGrad(dz[u+j0:u+j1], y[u+j0:u+j1], dy[u+j0:u+j1])
	kernels.TanhGrad(dz[2*u+j0:2*u+j1], y[2*u+j0:2*u+j1], dy[2*u+j0:2*u+j1])
	kernels.SigmoidGrad(dz[3*u+j0:3*u+j1], y[3*u+j0:3*u+j1], dy[3*u+j0:3*u+j1])
}
