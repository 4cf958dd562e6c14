package losses

import "github.com/neurite/neurite/graph"

// MeanSquaredError is Keras's tf.keras.losses.MeanSquaredError: the
// per-sample loss is mean(square(y_true - y_pred), axis=-1), reduced over
// the batch by Reduction (averaged by default).
//
// Labels are cast to the predictions' dtype. Labels of shape (N,) against
// predictions of shape (N, 1) count as (N, 1), as in Keras; any other
// difference in shape is an error naming the loss and both shapes (Keras
// would broadcast labels (N, 1) against predictions (N, 3); Neurite
// refuses).
type MeanSquaredError struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "mean_squared_error".
func (MeanSquaredError) Name() string { return "mean_squared_error" }

// Call returns the squared error reduced by l.Reduction.
func (l MeanSquaredError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return reduceMeanLast(l.Name(), l.Reduction, graph.Square(graph.Sub(yp, yt)))
}
