package losses

import "github.com/neurite/neurite/graph"

// Keras's focal crossentropies default to γ = 2 and α = 0.25 (Lin et al.,
// 2018). Their Gamma and Alpha fields are pointers so that the zero value
// of the struct has these defaults while 0 stays expressible:
// Gamma: new(0.0).
const (
	defaultFocalGamma = 2.0
	defaultFocalAlpha = 0.25
)

// valueOr returns *v, or d when v is nil.
func valueOr(v *float64, d float64) float64 {
	if v == nil {
		return d
	}
	return *v
}

// focalFactor returns base^gamma, or nil for gamma 0 (a factor of 1).
func focalFactor(base *graph.Node, gamma float64) *graph.Node {
	if gamma == 0 {
		return nil
	}
	return graph.Pow(base, base.Graph().Scalar(gamma))
}
