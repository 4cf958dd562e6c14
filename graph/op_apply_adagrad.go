package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applyAdagradOp is Keras's Adagrad update.
type applyAdagradOp struct{ epsilon float64 }

// ApplyAdagrad updates variable w and its accumulator slot (a variable of
// w's shape, initially Keras's initial_accumulator_value) by one step of
// Keras's Adagrad, in a single pass over the elements:
//
//	accumulator ← accumulator + grad²
//	w ← w − lr·grad / sqrt(accumulator + epsilon)
//
// lr is a scalar of w's dtype, and every quantity is computed in w's
// dtype. Like [ApplySGD] the update runs after every other node of the Run
// and returns a scalar 0 with no gradient.
func ApplyAdagrad(w, accumulator, grad, lr *Node, epsilon float64) *Node {
	return addUpdate(applyAdagradOp{epsilon: epsilon}, w, accumulator, grad, lr)
}

func (applyAdagradOp) Type() string   { return "ApplyAdagrad" }
func (applyAdagradOp) Mutates() []int { return []int{0, 1} }
func (applyAdagradOp) inputNames() []string {
	return []string{"variable", "accumulator", "gradient", "learning rate"}
}
func (applyAdagradOp) tensors() int { return 3 }

func (op applyAdagradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyAdagradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), adagradTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), adagradTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// adagradTaskOf gathers the operands for dtype T.
func adagradTaskOf[T tensor.Float](op applyAdagradOp, in []*tensor.Tensor) adagradTask[T] {
	return adagradTask[T]{w: tensor.Data[T](in[0]), acc: tensor.Data[T](in[1]), g: tensor.Data[T](in[2]),
		lr: scalarValue[T](in[3]), eps: T(op.epsilon)}
}

// adagradTask is Adagrad over a range of the variable.
type adagradTask[T tensor.Float] struct {
	w, acc, g []T
	lr, eps   T
}

// Run updates elements [lo, hi) with kernels.Adagrad, streaming the
// weights when the range is one of several blocks (see runBlockedUpdate).
func (t *adagradTask[T]) Run(lo, hi int) {
	w, acc, g := t.w[lo:hi], t.acc[lo:hi], t.g[lo:hi]
	if streams(lo, hi, len(t.w)) {
		kernels.AdagradStream(w, acc, g, t.lr, t.eps)
		return
	}
	kernels.Adagrad(w, acc, g, t.lr, t.eps)
}

func (op applyAdagradOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
