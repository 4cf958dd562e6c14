package graph

import (
	"math"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applyAdamOp is Keras's Adam update, optionally with AMSGrad.
type applyAdamOp struct {
	beta1, beta2, epsilon float64
	amsgrad               bool
}

// ApplyAdam updates variable w and its moment slots m and v (variables of
// w's shape, initially zero) by one step of Keras's Adam, in a single pass
// over the elements:
//
//	alpha = lr·sqrt(1 − beta2^t) / (1 − beta1^t)
//	m ← m + (grad − m)·(1 − beta1)
//	v ← v + (grad² − v)·(1 − beta2)
//	w ← w − alpha·m / (sqrt(v) + epsilon)
//
// lr and t are scalars of w's dtype; t is the 1-based number of the step
// (Keras's optimizer.iterations + 1), so it must be at least 1. As in
// Keras, every quantity is computed in w's dtype. Like [ApplySGD] the
// update runs after every other node of the Run and returns a scalar 0 with
// no gradient.
func ApplyAdam(w, m, v, grad, lr, t *Node, beta1, beta2, epsilon float64) *Node {
	return addUpdate(applyAdamOp{beta1: beta1, beta2: beta2, epsilon: epsilon}, w, m, v, grad, lr, t)
}

// ApplyAMSGrad is [ApplyAdam] with Keras's amsgrad=True: vHat, a further
// slot of w's shape (initially zero), keeps the running maximum of v, and
// the step divides by its square root instead of v's:
//
//	vHat ← max(vHat, v)
//	w ← w − alpha·m / (sqrt(vHat) + epsilon)
func ApplyAMSGrad(w, m, v, vHat, grad, lr, t *Node, beta1, beta2, epsilon float64) *Node {
	return addUpdate(applyAdamOp{beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: true}, w, m, v, vHat, grad, lr, t)
}

func (op applyAdamOp) Type() string {
	if op.amsgrad {
		return "ApplyAMSGrad"
	}
	return "ApplyAdam"
}

func (op applyAdamOp) Mutates() []int {
	if op.amsgrad {
		return []int{0, 1, 2, 3}
	}
	return []int{0, 1, 2}
}

func (op applyAdamOp) inputNames() []string {
	if op.amsgrad {
		return []string{"variable", "m", "v", "vhat", "gradient", "learning rate", "step"}
	}
	return []string{"variable", "m", "v", "gradient", "learning rate", "step"}
}

func (op applyAdamOp) tensors() int { return len(op.Mutates()) + 1 }

func (op applyAdamOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyAdamOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		adamCompute[float32](op, in)
	case tensor.Float64:
		adamCompute[float64](op, in)
	}
	out.Fill(0)
}

// adamCompute computes the step size and runs the kernel for dtype T.
func adamCompute[T tensor.Float](op applyAdamOp, in []*tensor.Tensor) {
	n := len(in)
	lr, t := scalarValue[T](in[n-2]), scalarValue[T](in[n-1])
	// Keras: beta_power = pow(cast(beta, dtype), local_step), all in dtype.
	b1p := T(math.Pow(float64(T(op.beta1)), float64(t)))
	b2p := T(math.Pow(float64(T(op.beta2)), float64(t)))
	alpha := lr * T(math.Sqrt(float64(1-b2p))) / (1 - b1p)
	// Keras multiplies by (1 - self.beta_1), computed in float64 and then
	// rounded to dtype.
	c1, c2, eps := T(1-op.beta1), T(1-op.beta2), T(op.epsilon)
	w, m, v := tensor.Data[T](in[0]), tensor.Data[T](in[1]), tensor.Data[T](in[2])
	if op.amsgrad {
		amsgradKernel(w, m, v, tensor.Data[T](in[3]), tensor.Data[T](in[4]), alpha, c1, c2, eps)
		return
	}
	adamRun(w, m, v, tensor.Data[T](in[3]), alpha, c1, c2, eps)
}

// adamTask runs the Adam kernel over a range of the parameters.
type adamTask[T tensor.Float] struct {
	w, m, v, g         []T
	alpha, c1, c2, eps T
}

// Run updates parameters [lo, hi).
func (t *adamTask[T]) Run(lo, hi int) {
	if streams(lo, hi, len(t.w)) {
		kernels.AdamStream(t.w[lo:hi], t.m[lo:hi], t.v[lo:hi], t.g[lo:hi], t.alpha, t.c1, t.c2, t.eps)
		return
	}
	kernels.Adam(t.w[lo:hi], t.m[lo:hi], t.v[lo:hi], t.g[lo:hi], t.alpha, t.c1, t.c2, t.eps)
}

// adamRun applies Adam's update without AMSGrad with the vectorised
// kernel, in one block per core for large variables (see
// runBlockedUpdate).
func adamRun[T tensor.Float](w, m, v, g []T, alpha, c1, c2, eps T) {
	n := len(w)
	runBlockedUpdate(n, adamTask[T]{w: w, m: m[:n], v: v[:n], g: g[:n], alpha: alpha, c1: c1, c2: c2, eps: eps})
}

// amsgradKernel applies AMSGrad's update in place in one pass. The
// operations follow Keras's order:
// m.assign_add((gradient - m) * (1 - beta_1)),
// v.assign_add((square(gradient) - v) * (1 - beta_2)),
// v_hat.assign(maximum(v_hat, v)),
// variable.assign_sub((m * alpha) / (sqrt(v_hat) + epsilon));
// kernels.Adam (see adamRun) rounds the same operations in the same order.
func amsgradKernel[T tensor.Float](w, m, v, vHat, g []T, alpha, c1, c2, eps T) {
	m, v, vHat, g = m[:len(w)], v[:len(w)], vHat[:len(w)], g[:len(w)]
	for i := range w {
		gi := g[i]
		mi := m[i] + (gi-m[i])*c1
		vi := v[i] + (gi*gi-v[i])*c2
		m[i], v[i] = mi, vi
		vi = max(vHat[i], vi)
		vHat[i] = vi
		w[i] -= (mi * alpha) / (T(math.Sqrt(float64(vi))) + eps)
	}
}

func (op applyAdamOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
