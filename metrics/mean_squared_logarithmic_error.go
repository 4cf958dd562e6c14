package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// MeanSquaredLogarithmicError is Keras's mean_squared_logarithmic_error
// metric ("msle"): the batch mean of
//
//	mean(square(log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1)), axis=-1),
//
// ε = 1e-7, so values at or below 0 count as ε. Labels are fitted to the
// predictions as for [MeanSquaredError].
type MeanSquaredLogarithmicError struct{}

// Name returns "mean_squared_logarithmic_error".
func (MeanSquaredLogarithmicError) Name() string { return "mean_squared_logarithmic_error" }

// Call returns the batch mean of the squared logarithmic error.
func (m MeanSquaredLogarithmicError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	diff := graph.Sub(logOnePlusAtLeastEps(yp), logOnePlusAtLeastEps(yt))
	return finish(m.Name(), graph.Mean(graph.Square(diff), nil, false))
}

// logOnePlusAtLeastEps is log(max(x, ε) + 1).
func logOnePlusAtLeastEps(x *graph.Node) *graph.Node {
	g := x.Graph()
	return graph.Log(graph.Add(graph.Maximum(x, g.Scalar(epsilon)), g.Scalar(1)))
}
