package regularizers

import (
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// defaultFactor is Keras's default factor of L1 and L2, and of the
// "l1_l2" name.
const defaultFactor = 0.01

// L1 penalizes the sum of absolute weights: L1·sum(|w|), Keras's
// L1(l1=0.01). The zero value means Keras's default factor 0.01 (for no
// penalty, leave the regularizer nil).
type L1 struct {
	L1 float64
}

// Penalty implements Regularizer.
func (r L1) Penalty(w *graph.Node) *graph.Node {
	return penalty("L1", w, factor(r.L1), 0)
}

// L2 penalizes the sum of squared weights: L2·sum(w²), Keras's L2(l2=0.01).
// As in Keras there is no factor 1/2, so the gradient is 2·L2·w. The zero
// value means Keras's default factor 0.01 (for no penalty, leave the
// regularizer nil).
type L2 struct {
	L2 float64
}

// Penalty implements Regularizer.
func (r L2) Penalty(w *graph.Node) *graph.Node {
	return penalty("L2", w, 0, factor(r.L2))
}

// L1L2 penalizes L1·sum(|w|) + L2·sum(w²), Keras's L1L2(l1=0.0, l2=0.0).
// Its zero value is Keras's class default: both factors 0, a penalty of 0.
// The name "l1_l2" (see [Get]) gives Keras's l1_l2() defaults, 0.01 and 0.01.
type L1L2 struct {
	L1, L2 float64
}

// Penalty implements Regularizer.
func (r L1L2) Penalty(w *graph.Node) *graph.Node {
	return penalty("L1L2", w, r.L1, r.L2)
}

// factor applies Keras's default to a zero L1 or L2 factor.
func factor(f float64) float64 {
	if f == 0 {
		return defaultFactor
	}
	return f
}

// penalty builds l1·sum(|w|) + l2·sum(w²) in w's dtype, leaving out a term
// whose factor is 0 as Keras does (so with both 0 it is a constant 0). A
// non-finite factor is an error that sticks to w's graph. A nil w gives a
// nil penalty, which the graph reports as a nil input where it is used.
func penalty(name string, w *graph.Node, l1, l2 float64) *graph.Node {
	if w == nil {
		return nil
	}
	g := w.Graph()
	for _, f := range []float64{l1, l2} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			g.Errorf("regularizer %s: %g is not a valid penalty factor for %s: it must be finite", name, f, w.Name())
			return w
		}
	}
	var p *graph.Node
	if l1 != 0 {
		p = graph.Mul(g.Scalar(l1), graph.Sum(graph.Abs(w), nil, false))
	}
	if l2 != 0 {
		t := graph.Mul(g.Scalar(l2), graph.Sum(graph.Square(w), nil, false))
		if p == nil {
			p = t
		} else {
			p = graph.Add(p, t)
		}
	}
	if p == nil {
		p = g.Const(tensor.New(w.DType()))
	}
	return p
}
