package graph

import "github.com/neurite/neurite/tensor"

// applyAdadeltaOp is Keras's Adadelta update.
type applyAdadeltaOp struct{ rho, epsilon float64 }

// ApplyAdadelta updates variable w and its slots accGrad and accDelta
// (variables of w's shape, initially zero: the running averages of the
// squared gradients and of the squared updates) by one step of Keras's
// Adadelta, in a single pass over the elements:
//
//	accGrad ← rho·accGrad + (1 − rho)·grad²
//	delta = −sqrt(accDelta + epsilon)·grad / sqrt(accGrad + epsilon)
//	accDelta ← rho·accDelta + (1 − rho)·delta²
//	w ← w + lr·delta
//
// lr is a scalar of w's dtype, and every quantity is computed in w's
// dtype. Like [ApplySGD] the update runs after every other node of the Run
// and returns a scalar 0 with no gradient.
func ApplyAdadelta(w, accGrad, accDelta, grad, lr *Node, rho, epsilon float64) *Node {
	return addUpdate(applyAdadeltaOp{rho: rho, epsilon: epsilon}, w, accGrad, accDelta, grad, lr)
}

func (applyAdadeltaOp) Type() string   { return "ApplyAdadelta" }
func (applyAdadeltaOp) Mutates() []int { return []int{0, 1, 2} }
func (applyAdadeltaOp) inputNames() []string {
	return []string{"variable", "accumulated gradient", "accumulated delta", "gradient", "learning rate"}
}
func (applyAdadeltaOp) tensors() int { return 4 }

func (op applyAdadeltaOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyAdadeltaOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), adadeltaTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), adadeltaTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// adadeltaTaskOf gathers the operands for dtype T.
func adadeltaTaskOf[T tensor.Float](op applyAdadeltaOp, in []*tensor.Tensor) adadeltaTask[T] {
	return adadeltaTask[T]{w: tensor.Data[T](in[0]), accG: tensor.Data[T](in[1]), accD: tensor.Data[T](in[2]),
		g: tensor.Data[T](in[3]), lr: scalarValue[T](in[4]), rho: T(op.rho), oneMinusRho: T(1 - op.rho), eps: T(op.epsilon)}
}

// adadeltaTask is Adadelta over a range of the variable.
type adadeltaTask[T tensor.Float] struct {
	w, accG, accD, g          []T
	lr, rho, oneMinusRho, eps T
}

// Run updates elements [lo, hi), a piece at a time (see weightPieces).
func (t *adadeltaTask[T]) Run(lo, hi int) {
	var buf [streamPiece]T
	for p := piecesOf(buf[:], t.w, lo, hi); p.next(); {
		t.update(p.ws, p.lo, p.hi)
	}
}

// update updates w, standing for elements [lo, hi) of the variable, in
// the order of Keras's operations.
func (t *adadeltaTask[T]) update(w []T, lo, hi int) {
	accG, accD, g := t.accG[lo:hi], t.accD[lo:hi], t.g[lo:hi]
	for i, gi := range g {
		ag := t.rho*accG[i] + t.oneMinusRho*(gi*gi)
		accG[i] = ag
		delta := -(sqrtOf(accD[i]+t.eps) * gi / sqrtOf(ag+t.eps))
		accD[i] = t.rho*accD[i] + t.oneMinusRho*(delta*delta)
		w[i] += t.lr * delta
	}
}

func (op applyAdadeltaOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
