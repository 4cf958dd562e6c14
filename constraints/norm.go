package constraints

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
)

// This file holds what the norm constraints share: resolving their axes
// and computing the norms along them.

// resolveAxes returns axes (nil: Keras's default, axis 0) as non-negative
// axes of w, or records an error naming the constraint on w's graph and
// returns nil.
func resolveAxes(name string, w *graph.Node, axes []int) []int {
	if axes == nil {
		axes = []int{0}
	}
	rank := w.Shape().Rank()
	out := make([]int, len(axes))
	seen := map[int]bool{}
	for i, a := range axes {
		if a < 0 {
			a += rank
		}
		if a < 0 || a >= rank || seen[a] {
			w.Graph().Errorf("constraint %s: axes %v do not fit weight %s of shape %v", name, axes, w.Name(), w.Shape())
			return nil
		}
		seen[a] = true
		out[i] = a
	}
	return out
}

// norms returns sqrt(sum(w², axes)) with the reduced axes kept.
func norms(w *graph.Node, axes []int) *graph.Node {
	return graph.Sqrt(graph.Sum(graph.Square(w), axes, true))
}

// rescale returns w·desired/(ε + norms), Keras's rescaling of w to the
// desired norms.
func rescale(w, desired, norms *graph.Node) *graph.Node {
	return graph.Mul(w, graph.Div(desired, graph.Add(norms, w.Graph().Scalar(Epsilon))))
}

// option is a named numeric setting of a constraint.
type option struct {
	name  string
	value float64
}

// checkFinite records an error on w's graph at the first option that is
// not finite and returns whether they all are.
func checkFinite(name string, w *graph.Node, opts ...option) bool {
	for _, o := range opts {
		if math.IsNaN(o.value) || math.IsInf(o.value, 0) {
			w.Graph().Errorf("constraint %s: %s must be finite, got %g", name, o.name, o.value)
			return false
		}
	}
	return true
}

// fail records a configuration error on w's graph.
func fail(name string, w *graph.Node, format string, args ...any) {
	w.Graph().Errorf("constraint %s: %s", name, fmt.Sprintf(format, args...))
}

// valueOr returns *v, or d when v is nil.
func valueOr(v *float64, d float64) float64 {
	if v == nil {
		return d
	}
	return *v
}
