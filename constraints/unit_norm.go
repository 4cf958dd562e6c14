package constraints

import "github.com/neurite/neurite/graph"

// UnitNorm is Keras's UnitNorm (unit_norm): it scales every slice of the
// weight along Axes to unit L2 norm, w / (ε + ‖w‖). A zero slice stays
// zero.
type UnitNorm struct {
	// Axes are the axes the norms are taken over; nil means Keras's
	// default, axis 0 (see [MaxNorm]). Negative axes count from the end.
	Axes []int
}

// Name returns "unit_norm".
func (UnitNorm) Name() string { return "unit_norm" }

// Apply returns w / (ε + ‖w‖).
func (c UnitNorm) Apply(w *graph.Node) *graph.Node {
	if w == nil {
		return nil
	}
	axes := resolveAxes(c.Name(), w, c.Axes)
	if axes == nil {
		return w
	}
	return graph.Div(w, graph.Add(norms(w, axes), w.Graph().Scalar(Epsilon)))
}
