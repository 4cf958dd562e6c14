package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// epsilon is Keras's backend epsilon, 1e-7.
const epsilon = 1e-7

// MeanAbsolutePercentageError is Keras's mean_absolute_percentage_error
// metric ("mape"): the batch mean of
//
//	100 · mean(|y_true − y_pred| / max(|y_true|, ε), axis=-1),
//
// ε = 1e-7. Labels are fitted to the predictions as for
// [MeanSquaredError].
type MeanAbsolutePercentageError struct{}

// Name returns "mean_absolute_percentage_error".
func (MeanAbsolutePercentageError) Name() string { return "mean_absolute_percentage_error" }

// Call returns the batch mean of the absolute percentage error.
func (m MeanAbsolutePercentageError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := yp.Graph()
	ratio := graph.Div(graph.Abs(graph.Sub(yt, yp)), graph.Maximum(graph.Abs(yt), g.Scalar(epsilon)))
	return finish(m.Name(), graph.Mul(g.Scalar(100), graph.Mean(ratio, nil, false)))
}
