package losses

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// MeanAbsoluteError is Keras's tf.keras.losses.MeanAbsoluteError: the
// per-sample loss is mean(abs(y_true - y_pred), axis=-1), averaged over the
// batch. Labels are fitted to the predictions as for [MeanSquaredError].
type MeanAbsoluteError struct{}

// Name returns "mean_absolute_error".
func (MeanAbsoluteError) Name() string { return "mean_absolute_error" }

// Call returns the batch mean of the absolute error.
func (l MeanAbsoluteError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(l.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(l.Name(), graph.Mean(graph.Abs(graph.Sub(yp, yt)), nil, false))
}
