package constraints

import "github.com/neurite/neurite/graph"

// MinMaxNorm is Keras's MinMaxNorm (min_max_norm): it moves the L2 norm of
// every slice of the weight along Axes towards [MinValue, MaxValue],
//
//	desired = rate · clip(‖w‖, min_value, max_value) + (1 − rate) · ‖w‖
//	w · desired / (ε + ‖w‖);
//
// rate 1 enforces the bounds at once, a smaller rate moves the norms part
// of the way at each step.
type MinMaxNorm struct {
	// MinValue ≥ 0 is the least norm (default 0).
	MinValue float64
	// MaxValue ≥ MinValue is the largest norm; nil means Keras's default,
	// 1.
	MaxValue *float64
	// Rate is how far each application moves the norms into the bounds;
	// nil means Keras's default, 1 (strict enforcement).
	Rate *float64
	// Axes are the axes the norms are taken over; nil means Keras's
	// default, axis 0 (see [MaxNorm]). Negative axes count from the end.
	Axes []int
}

// Name returns "min_max_norm".
func (MinMaxNorm) Name() string { return "min_max_norm" }

// Apply returns the rescaled weight.
func (c MinMaxNorm) Apply(w *graph.Node) *graph.Node {
	if w == nil {
		return nil
	}
	lo, hi, rate := c.MinValue, valueOr(c.MaxValue, 1), valueOr(c.Rate, 1)
	if !checkFinite(c.Name(), w, option{"min_value", lo}, option{"max_value", hi}, option{"rate", rate}) {
		return w
	}
	if lo < 0 || hi < lo {
		fail(c.Name(), w, "need 0 ≤ min_value ≤ max_value, got min_value %g, max_value %g", lo, hi)
		return w
	}
	axes := resolveAxes(c.Name(), w, c.Axes)
	if axes == nil {
		return w
	}
	g := w.Graph()
	n := norms(w, axes)
	desired := graph.Mul(g.Scalar(rate), graph.Clip(n, lo, hi))
	if rate != 1 {
		desired = graph.Add(desired, graph.Mul(g.Scalar(1-rate), n))
	}
	return rescale(w, desired, n)
}
