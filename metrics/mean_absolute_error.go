package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// MeanAbsoluteError is Keras's mean_absolute_error metric: the batch mean
// of mean(abs(y_true - y_pred), axis=-1). Labels are fitted to the
// predictions as for [MeanSquaredError].
type MeanAbsoluteError struct{}

// Name returns "mean_absolute_error".
func (MeanAbsoluteError) Name() string { return "mean_absolute_error" }

// Call returns the batch mean of the absolute error.
func (m MeanAbsoluteError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(graph.Abs(graph.Sub(yp, yt)), nil, false))
}

// Values returns each sample's mean absolute error over the last axis
// (see [Valued]).
func (m MeanAbsoluteError) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), meanLast(graph.Abs(graph.Sub(yp, yt))))
}
