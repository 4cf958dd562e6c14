package constraints

import "github.com/neurite/neurite/graph"

// NonNeg is Keras's NonNeg (non_neg): it sets the negative weights to 0,
// max(w, 0).
type NonNeg struct{}

// Name returns "non_neg".
func (NonNeg) Name() string { return "non_neg" }

// Apply returns max(w, 0).
func (NonNeg) Apply(w *graph.Node) *graph.Node {
	if w == nil {
		return nil
	}
	return graph.Maximum(w, w.Graph().Scalar(0))
}
