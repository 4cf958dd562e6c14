package graph

import "github.com/neurite/neurite/tensor"

// applyEMAOp keeps the exponential moving average of a variable.
type applyEMAOp struct{}

// ApplyEMA updates average, the exponential moving average of variable w
// kept by an optimizer with use_ema (Keras's base optimizer), and may
// overwrite w with it:
//
//	average ← momentum·average + (1 − momentum)·w
//	w ← average                      (when overwrite ≠ 0)
//
// average is a variable of w's shape; momentum and overwrite are scalars of
// w's dtype. Like every update it runs after the other nodes of the Run,
// and among updates in the order they were added, so added after an
// optimizer's update of w it reads w as that update left it, as Keras's
// _update_model_variables_moving_average does. It returns a scalar 0 with
// no gradient.
func ApplyEMA(average, w, momentum, overwrite *Node) *Node {
	return addUpdate(applyEMAOp{}, average, w, momentum, overwrite)
}

func (applyEMAOp) Type() string   { return "ApplyEMA" }
func (applyEMAOp) Mutates() []int { return []int{0, 1} }
func (applyEMAOp) inputNames() []string {
	return []string{"average", "variable", "momentum", "overwrite"}
}
func (applyEMAOp) tensors() int { return 2 }

func (op applyEMAOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (applyEMAOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch a := in[0].Raw().(type) {
	case []float32:
		runUpdate(len(a), emaTask[float32]{avg: a, w: tensor.Data[float32](in[1]),
			m: scalarValue[float32](in[2]), overwrite: scalarValue[float32](in[3]) != 0})
	case []float64:
		runUpdate(len(a), emaTask[float64]{avg: a, w: tensor.Data[float64](in[1]),
			m: scalarValue[float64](in[2]), overwrite: scalarValue[float64](in[3]) != 0})
	}
	out.Fill(0)
}

// emaTask updates a range of a moving average (and of its variable).
type emaTask[T tensor.Float] struct {
	avg, w    []T
	m         T
	overwrite bool
}

// Run computes momentum·average + (1 − momentum)·w for elements [lo, hi),
// in Keras's order, and copies it into w when overwriting.
func (t *emaTask[T]) Run(lo, hi int) {
	a, w := t.avg[lo:hi], t.w[lo:hi]
	rest := 1 - t.m
	for i := range a {
		a[i] = t.m*a[i] + rest*w[i]
	}
	if t.overwrite {
		copy(w, a)
	}
}

func (op applyEMAOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
