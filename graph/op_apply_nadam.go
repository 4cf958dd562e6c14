package graph

import (
	"math"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applyNadamOp is Keras's Nadam update.
type applyNadamOp struct{ beta1, beta2, epsilon float64 }

// nadamDecay is the base of Nadam's momentum schedule (Keras's 0.96).
const nadamDecay = 0.96

// ApplyNadam updates variable w and its moment slots m and v (variables of
// w's shape, initially zero) by one step of Keras 3's Nadam, in a single
// pass over the elements. With the momentum schedule
// μ(k) = beta1·(1 − 0.5·0.96^k) and t the 1-based number of the step,
//
//	m ← m + (grad − m)·(1 − beta1)
//	v ← v + (grad² − v)·(1 − beta2)
//	m̂ = μ(t+1)·m / (1 − uProduct·μ(t+1)) + (1 − μ(t))·grad / (1 − uProduct)
//	v̂ = v / (1 − beta2^t)
//	w ← w − m̂·lr / (sqrt(v̂) + epsilon)
//
// where uProduct is μ(1)·μ(2)·…·μ(t), the product through this step (Keras
// keeps it in a variable that each step multiplies by μ(t) before the
// updates; the caller does the same and passes the new value). lr, t and
// uProduct are scalars of w's dtype, and every quantity is computed in w's
// dtype. Like [ApplySGD] the update runs after every other node of the Run
// and returns a scalar 0 with no gradient.
func ApplyNadam(w, m, v, grad, lr, t, uProduct *Node, beta1, beta2, epsilon float64) *Node {
	return addUpdate(applyNadamOp{beta1: beta1, beta2: beta2, epsilon: epsilon}, w, m, v, grad, lr, t, uProduct)
}

func (applyNadamOp) Type() string   { return "ApplyNadam" }
func (applyNadamOp) Mutates() []int { return []int{0, 1, 2} }
func (applyNadamOp) inputNames() []string {
	return []string{"variable", "m", "v", "gradient", "learning rate", "step", "momentum product"}
}
func (applyNadamOp) tensors() int { return 4 }

func (op applyNadamOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyNadamOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), nadamTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), nadamTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// nadamTaskOf gathers the operands for dtype T and computes the step's
// coefficients from the schedule.
func nadamTaskOf[T tensor.Float](op applyNadamOp, in []*tensor.Tensor) nadamTask[T] {
	lr, t, uProd := scalarValue[T](in[4]), scalarValue[T](in[5]), scalarValue[T](in[6])
	decay, b1, b2 := T(nadamDecay), T(op.beta1), T(op.beta2)
	pow := func(x, y T) T { return T(math.Pow(float64(x), float64(y))) }
	uT := b1 * (1 - 0.5*pow(decay, t))
	uNext := b1 * (1 - 0.5*pow(decay, t+1))
	uProdNext := uProd * uNext
	return nadamTask[T]{
		w: tensor.Data[T](in[0]), m: tensor.Data[T](in[1]), v: tensor.Data[T](in[2]), g: tensor.Data[T](in[3]),
		lr: lr, c1: 1 - b1, c2: 1 - b2, eps: T(op.epsilon),
		mCoef: uNext / (1 - uProdNext), gCoef: (1 - uT) / (1 - uProd), vCorr: 1 - pow(b2, t),
	}
}

// nadamTask is Nadam over a range of the variable; mCoef and gCoef weigh m
// and the gradient in m̂, and vCorr is v's bias correction.
type nadamTask[T tensor.Float] struct {
	w, m, v, g                           []T
	lr, c1, c2, eps, mCoef, gCoef, vCorr T
}

// Run updates elements [lo, hi) with kernels.Nadam, streaming the weights
// when the range is one of several blocks (see runBlockedUpdate).
func (t *nadamTask[T]) Run(lo, hi int) {
	w, m, v, g := t.w[lo:hi], t.m[lo:hi], t.v[lo:hi], t.g[lo:hi]
	if streams(lo, hi, len(t.w)) {
		kernels.NadamStream(w, m, v, g, t.lr, t.c1, t.c2, t.eps, t.mCoef, t.gCoef, t.vCorr)
		return
	}
	kernels.Nadam(w, m, v, g, t.lr, t.c1, t.c2, t.eps, t.mCoef, t.gCoef, t.vCorr)
}

func (op applyNadamOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
