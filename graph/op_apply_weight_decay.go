package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// applyWeightDecayOp is Keras's decoupled weight decay of a variable.
type applyWeightDecayOp struct{}

// ApplyWeightDecay shrinks variable w towards zero by one step of Keras's
// decoupled weight decay (the base optimizer's weight_decay, and AdamW's),
//
//	w ← w − w·decay·lr
//
// where lr and decay are scalars of w's dtype. Like every update it runs
// after the other nodes of the Run; among updates, nodes run in the order
// they were added, so an optimizer that adds ApplyWeightDecay before its
// own update of w decays w first, as Keras does. It returns a scalar 0
// with no gradient.
func ApplyWeightDecay(w, lr, decay *Node) *Node {
	return addUpdate(applyWeightDecayOp{}, w, lr, decay)
}

func (applyWeightDecayOp) Type() string   { return "ApplyWeightDecay" }
func (applyWeightDecayOp) Mutates() []int { return []int{0} }
func (applyWeightDecayOp) inputNames() []string {
	return []string{"variable", "learning rate", "weight decay"}
}
func (applyWeightDecayOp) tensors() int { return 1 }

func (op applyWeightDecayOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (applyWeightDecayOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch w := in[0].Raw().(type) {
	case []float32:
		runBlockedUpdate(len(w), weightDecayTask[float32]{w: w, lr: scalarValue[float32](in[1]), decay: scalarValue[float32](in[2])})
	case []float64:
		runBlockedUpdate(len(w), weightDecayTask[float64]{w: w, lr: scalarValue[float64](in[1]), decay: scalarValue[float64](in[2])})
	}
	out.Fill(0)
}

// weightDecayTask decays a range of a variable.
type weightDecayTask[T tensor.Float] struct {
	w         []T
	lr, decay T
}

// Run decays elements [lo, hi) with kernels.WeightDecay (Keras's order,
// variable - variable * wd * lr), streaming the weights when the range is
// one of several blocks (see runBlockedUpdate).
func (t *weightDecayTask[T]) Run(lo, hi int) {
	if streams(lo, hi, len(t.w)) {
		kernels.WeightDecayStream(t.w[lo:hi], t.lr, t.decay)
		return
	}
	kernels.WeightDecay(t.w[lo:hi], t.lr, t.decay)
}

func (op applyWeightDecayOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
