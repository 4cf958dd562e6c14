package constraints

import "github.com/neurite/neurite/graph"

// MaxNorm is Keras's MaxNorm (max_norm): it rescales every slice of the
// weight along Axes whose L2 norm exceeds MaxValue to that norm,
//
//	w · clip(‖w‖, 0, max_value) / (ε + ‖w‖),
//
// with the norms taken over Axes; slices within the bound are scaled by
// ‖w‖/(ε + ‖w‖), a factor within 1e-7 of 1, as in Keras.
type MaxNorm struct {
	// MaxValue ≥ 0 is the largest norm allowed; nil means Keras's
	// default, 2.
	MaxValue *float64
	// Axes are the axes the norms are taken over; nil means Keras's
	// default, axis 0 (each column of a Dense kernel of shape (in, out));
	// for a Conv2D kernel (rows, cols, in, out) use []int{0, 1, 2}.
	// Negative axes count from the end.
	Axes []int
}

// Name returns "max_norm".
func (MaxNorm) Name() string { return "max_norm" }

// Apply returns the rescaled weight.
func (c MaxNorm) Apply(w *graph.Node) *graph.Node {
	if w == nil {
		return nil
	}
	limit := valueOr(c.MaxValue, 2)
	if !checkFinite(c.Name(), w, option{"max_value", limit}) {
		return w
	}
	if limit < 0 {
		fail(c.Name(), w, "max_value must be ≥ 0, got %g", limit)
		return w
	}
	axes := resolveAxes(c.Name(), w, c.Axes)
	if axes == nil {
		return w
	}
	n := norms(w, axes)
	return rescale(w, graph.Clip(n, 0, limit), n)
}
