package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// MeanSquaredError is Keras's mean_squared_error metric: the batch mean of
// mean(square(y_true - y_pred), axis=-1). Labels are fitted to the
// predictions as by losses.MeanSquaredError: cast to the predictions'
// dtype, (N,) against (N, 1) is fine, any other difference in shape is an
// error naming both shapes.
type MeanSquaredError struct{}

// Name returns "mean_squared_error".
func (MeanSquaredError) Name() string { return "mean_squared_error" }

// Call returns the batch mean of the squared error.
func (m MeanSquaredError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(graph.Square(graph.Sub(yp, yt)), nil, false))
}

// Values returns each sample's mean squared error over the last axis
// (see [Valued]).
func (m MeanSquaredError) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), meanLast(graph.Square(graph.Sub(yp, yt))))
}
