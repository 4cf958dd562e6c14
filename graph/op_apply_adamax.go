package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// applyAdamaxOp is Keras's Adamax update.
type applyAdamaxOp struct{ beta1, beta2, epsilon float64 }

// ApplyAdamax updates variable w, its first-moment slot m and its
// infinity-norm slot u (variables of w's shape, initially zero) by one step
// of Keras's Adamax, in a single pass over the elements:
//
//	m ← m + (grad − m)·(1 − beta1)
//	u ← max(beta2·u, |grad|)
//	w ← w − lr·m / ((1 − beta1^t)·(u + epsilon))
//
// lr and t are scalars of w's dtype; t is the 1-based number of the step
// (Keras's optimizer.iterations + 1). Every quantity is computed in w's
// dtype. Like [ApplySGD] the update runs after every other node of the Run
// and returns a scalar 0 with no gradient.
func ApplyAdamax(w, m, u, grad, lr, t *Node, beta1, beta2, epsilon float64) *Node {
	return addUpdate(applyAdamaxOp{beta1: beta1, beta2: beta2, epsilon: epsilon}, w, m, u, grad, lr, t)
}

func (applyAdamaxOp) Type() string   { return "ApplyAdamax" }
func (applyAdamaxOp) Mutates() []int { return []int{0, 1, 2} }
func (applyAdamaxOp) inputNames() []string {
	return []string{"variable", "m", "u", "gradient", "learning rate", "step"}
}
func (applyAdamaxOp) tensors() int { return 4 }

func (op applyAdamaxOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyAdamaxOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), adamaxTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), adamaxTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// adamaxTaskOf gathers the operands for dtype T and computes the bias
// correction 1 − beta1^t (Keras: power(cast(beta_1, dtype), local_step)).
func adamaxTaskOf[T tensor.Float](op applyAdamaxOp, in []*tensor.Tensor) adamaxTask[T] {
	t := scalarValue[T](in[5])
	b1p := T(math.Pow(float64(T(op.beta1)), float64(t)))
	return adamaxTask[T]{w: tensor.Data[T](in[0]), m: tensor.Data[T](in[1]), u: tensor.Data[T](in[2]),
		g: tensor.Data[T](in[3]), lr: scalarValue[T](in[4]), correction: 1 - b1p,
		c1: T(1 - op.beta1), beta2: T(op.beta2), eps: T(op.epsilon)}
}

// adamaxTask is Adamax over a range of the variable.
type adamaxTask[T tensor.Float] struct {
	w, m, u, g                     []T
	lr, correction, c1, beta2, eps T
}

// Run updates elements [lo, hi), a piece at a time (see weightPieces).
func (t *adamaxTask[T]) Run(lo, hi int) {
	var buf [streamPiece]T
	for p := piecesOf(buf[:], t.w, lo, hi); p.next(); {
		t.update(p.ws, p.lo, p.hi)
	}
}

// update updates w, standing for elements [lo, hi) of the variable, in
// the order of Keras's operations.
func (t *adamaxTask[T]) update(w []T, lo, hi int) {
	m, u, g := t.m[lo:hi], t.u[lo:hi], t.g[lo:hi]
	for i, gi := range g {
		mi := m[i] + (gi-m[i])*t.c1
		m[i] = mi
		ui := max(t.beta2*u[i], T(math.Abs(float64(gi))))
		u[i] = ui
		w[i] -= t.lr * mi / (t.correction * (ui + t.eps))
	}
}

func (op applyAdamaxOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
