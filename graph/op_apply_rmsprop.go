package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applyRMSpropOp is Keras's RMSprop update, optionally centered and with
// momentum.
type applyRMSpropOp struct {
	rho, momentum, epsilon float64
	hasMomentum, centered  bool
}

// ApplyRMSprop updates variable w and its slots by one step of Keras's
// RMSprop, in a single pass over the elements:
//
//	velocity ← rho·velocity + (1 − rho)·grad²
//	average ← rho·average + (1 − rho)·grad                 (centered)
//	increment = lr·grad / sqrt(velocity − average² + epsilon)   (centered)
//	increment = lr·grad / sqrt(velocity + epsilon)              (otherwise)
//	mom ← momentum·mom + increment; w ← w − mom            (momentum > 0)
//	w ← w − increment                                      (momentum 0)
//
// velocity, mom and average are variables of w's shape (initially zero);
// mom must be nil when momentum is 0 and non-nil otherwise, and average is
// nil unless the update is centered. lr is a scalar of w's dtype, and every
// quantity is computed in w's dtype. Like [ApplySGD] the update runs after
// every other node of the Run and returns a scalar 0 with no gradient.
func ApplyRMSprop(w, velocity, mom, average, grad, lr *Node, rho, momentum, epsilon float64) *Node {
	op := applyRMSpropOp{rho: rho, momentum: momentum, epsilon: epsilon, hasMomentum: mom != nil, centered: average != nil}
	if op.hasMomentum != (momentum != 0) {
		g := graphOf(w, velocity, mom, average, grad, lr)
		if g != nil {
			g.Errorf("ApplyRMSprop: momentum %v needs a momentum slot exactly when it is not 0", momentum)
			return g.errorNode()
		}
	}
	inputs := []*Node{w, velocity}
	if mom != nil {
		inputs = append(inputs, mom)
	}
	if average != nil {
		inputs = append(inputs, average)
	}
	return addUpdate(op, append(inputs, grad, lr)...)
}

func (op applyRMSpropOp) Type() string { return "ApplyRMSprop" }

func (op applyRMSpropOp) Mutates() []int {
	return []int{0, 1, 2, 3}[:op.tensors()-1]
}

func (op applyRMSpropOp) inputNames() []string {
	names := []string{"variable", "velocity"}
	if op.hasMomentum {
		names = append(names, "momentum")
	}
	if op.centered {
		names = append(names, "average gradient")
	}
	return append(names, "gradient", "learning rate")
}

func (op applyRMSpropOp) tensors() int {
	n := 3
	if op.hasMomentum {
		n++
	}
	if op.centered {
		n++
	}
	return n
}

func (op applyRMSpropOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyRMSpropOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		rmspropCompute[float32](op, in)
	case tensor.Float64:
		rmspropCompute[float64](op, in)
	}
	out.Fill(0)
}

// rmspropCompute gathers the operands for dtype T and runs the update.
func rmspropCompute[T tensor.Float](op applyRMSpropOp, in []*tensor.Tensor) {
	t := rmspropTask[T]{
		w: tensor.Data[T](in[0]), vel: tensor.Data[T](in[1]),
		rho: T(op.rho), oneMinusRho: T(1 - op.rho), momentum: T(op.momentum), eps: T(op.epsilon),
	}
	k := 2
	if op.hasMomentum {
		t.mom = tensor.Data[T](in[k])
		k++
	}
	if op.centered {
		t.avg = tensor.Data[T](in[k])
		k++
	}
	t.g, t.lr = tensor.Data[T](in[k]), scalarValue[T](in[k+1])
	runBlockedUpdate(len(t.w), t)
}

// rmspropTask is RMSprop over a range of the variable; mom and avg are nil
// when unused.
type rmspropTask[T tensor.Float] struct {
	w, vel, mom, avg, g                 []T
	lr, rho, oneMinusRho, momentum, eps T
}

// Run updates elements [lo, hi) with kernels.RMSprop, streaming the
// weights when the range is one of several blocks (see runBlockedUpdate).
func (t *rmspropTask[T]) Run(lo, hi int) {
	var mom, avg []T
	if t.mom != nil {
		mom = t.mom[lo:hi]
	}
	if t.avg != nil {
		avg = t.avg[lo:hi]
	}
	if streams(lo, hi, len(t.w)) {
		kernels.RMSpropStream(t.w[lo:hi], t.vel[lo:hi], mom, avg, t.g[lo:hi], t.lr, t.rho, t.oneMinusRho, t.momentum, t.eps)
		return
	}
	kernels.RMSprop(t.w[lo:hi], t.vel[lo:hi], mom, avg, t.g[lo:hi], t.lr, t.rho, t.oneMinusRho, t.momentum, t.eps)
}

func (op applyRMSpropOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
