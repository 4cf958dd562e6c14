package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applySGDOp is plain gradient descent on a variable.
type applySGDOp struct{}

// ApplySGD updates variable w by one step of gradient descent,
//
//	w ← w − lr·grad
//
// (Keras's SGD without momentum: variable.assign_add(-gradient * lr)), where
// grad has w's shape and lr is a scalar of w's dtype (a variable, so that it
// can change between runs, or a constant; a [Graph.Scalar] adapts to w).
// The update runs after every other node of the Run, so the Run's other
// nodes see w as it was when the Run started. The result is a scalar 0 that
// exists to be fetched (or grouped with [Group]); it has no gradient.
func ApplySGD(w, grad, lr *Node) *Node {
	return addUpdate(applySGDOp{}, w, grad, lr)
}

func (applySGDOp) Type() string         { return "ApplySGD" }
func (applySGDOp) Mutates() []int       { return []int{0} }
func (applySGDOp) inputNames() []string { return []string{"variable", "gradient", "learning rate"} }
func (applySGDOp) tensors() int         { return 2 }

func (op applySGDOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (applySGDOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch w := in[0].Raw().(type) {
	case []float32:
		sgdKernel(w, tensor.Data[float32](in[1]), scalarValue[float32](in[2]))
	case []float64:
		sgdKernel(w, tensor.Data[float64](in[1]), scalarValue[float64](in[2]))
	}
	out.Fill(0)
}

// sgdKernel computes w ← w + (−g·lr) in place (kernels.SGD), in one block
// per core for large variables (see runBlockedUpdate).
func sgdKernel[T tensor.Float](w, g []T, lr T) {
	n := len(w)
	runBlockedUpdate(n, sgdTask[T]{w: w, g: g[:n], lr: lr})
}

// sgdTask is SGD over a range of the variable.
type sgdTask[T tensor.Float] struct {
	w, g []T
	lr   T
}

// Run updates elements [lo, hi).
func (t *sgdTask[T]) Run(lo, hi int) {
	if streams(lo, hi, len(t.w)) {
		kernels.SGDStream(t.w[lo:hi], t.g[lo:hi], t.lr)
		return
	}
	kernels.SGD(t.w[lo:hi], t.g[lo:hi], t.lr)
}

func (op applySGDOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }

// applyMomentumOp is gradient descent with (Nesterov) momentum.
type applyMomentumOp struct{ nesterov bool }

// ApplyMomentum updates variable w and its velocity slot (a variable of
// w's shape, initially zero) by one step of Keras's SGD with momentum:
//
//	velocity ← momentum·velocity − lr·grad
//	w ← w + velocity                       (nesterov false)
//	w ← w + momentum·velocity − lr·grad    (nesterov true, with the new velocity)
//
// lr and momentum are scalars of w's dtype. Like [ApplySGD] it runs after
// every other node of the Run and returns a scalar 0 with no gradient.
func ApplyMomentum(w, velocity, grad, lr, momentum *Node, nesterov bool) *Node {
	return addUpdate(applyMomentumOp{nesterov: nesterov}, w, velocity, grad, lr, momentum)
}

func (applyMomentumOp) Type() string   { return "ApplyMomentum" }
func (applyMomentumOp) Mutates() []int { return []int{0, 1} }
func (applyMomentumOp) inputNames() []string {
	return []string{"variable", "velocity", "gradient", "learning rate", "momentum"}
}
func (applyMomentumOp) tensors() int { return 3 }

func (op applyMomentumOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyMomentumOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch w := in[0].Raw().(type) {
	case []float32:
		momentumKernel(w, tensor.Data[float32](in[1]), tensor.Data[float32](in[2]),
			scalarValue[float32](in[3]), scalarValue[float32](in[4]), op.nesterov)
	case []float64:
		momentumKernel(w, tensor.Data[float64](in[1]), tensor.Data[float64](in[2]),
			scalarValue[float64](in[3]), scalarValue[float64](in[4]), op.nesterov)
	}
	out.Fill(0)
}

// momentumKernel applies Keras's momentum update in place, in the order of
// its operations (m.assign(-gradient * lr + m * momentum), then
// variable.assign_add(m) or, for Nesterov,
// variable.assign_add(-gradient * lr + m * momentum)): kernels.Momentum,
// in one block per core for large variables (see runBlockedUpdate).
func momentumKernel[T tensor.Float](w, vel, g []T, lr, mu T, nesterov bool) {
	n := len(w)
	runBlockedUpdate(n, momentumTask[T]{w: w, vel: vel[:n], g: g[:n], lr: lr, mu: mu, nesterov: nesterov})
}

// momentumTask is the momentum update over a range of the variable.
type momentumTask[T tensor.Float] struct {
	w, vel, g []T
	lr, mu    T
	nesterov  bool
}

// Run updates elements [lo, hi).
func (t *momentumTask[T]) Run(lo, hi int) {
	if streams(lo, hi, len(t.w)) {
		kernels.MomentumStream(t.w[lo:hi], t.vel[lo:hi], t.g[lo:hi], t.lr, t.mu, t.nesterov)
		return
	}
	kernels.Momentum(t.w[lo:hi], t.vel[lo:hi], t.g[lo:hi], t.lr, t.mu, t.nesterov)
}

func (op applyMomentumOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
