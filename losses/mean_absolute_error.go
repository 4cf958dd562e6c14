package losses

import "github.com/neurite/neurite/graph"

// MeanAbsoluteError is Keras's tf.keras.losses.MeanAbsoluteError: the
// per-sample loss is mean(abs(y_true - y_pred), axis=-1), reduced over the
// batch by Reduction (averaged by default). Labels are fitted to the predictions as for [MeanSquaredError].
type MeanAbsoluteError struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "mean_absolute_error".
func (MeanAbsoluteError) Name() string { return "mean_absolute_error" }

// Call returns the absolute error reduced by l.Reduction.
func (l MeanAbsoluteError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return reduceMeanLast(l.Name(), l.Reduction, graph.Abs(graph.Sub(yp, yt)))
}
