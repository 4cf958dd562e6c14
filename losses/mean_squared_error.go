package losses

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// MeanSquaredError is Keras's tf.keras.losses.MeanSquaredError: the
// per-sample loss is mean(square(y_true - y_pred), axis=-1), averaged over
// the batch.
//
// Labels are cast to the predictions' dtype. Labels of shape (N,) against
// predictions of shape (N, 1) count as (N, 1), as in Keras; any other
// difference in shape is an error naming the loss and both shapes (Keras
// would broadcast labels (N, 1) against predictions (N, 3); Neurite
// refuses).
type MeanSquaredError struct{}

// Name returns "mean_squared_error".
func (MeanSquaredError) Name() string { return "mean_squared_error" }

// Call returns the batch mean of the squared error.
func (l MeanSquaredError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(l.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(l.Name(), graph.Mean(graph.Square(graph.Sub(yp, yt)), nil, false))
}
