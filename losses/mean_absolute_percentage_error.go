package losses

import "github.com/neurite/neurite/graph"

// MeanAbsolutePercentageError is Keras's
// keras.losses.MeanAbsolutePercentageError: the per-sample loss is
//
//	100 · mean(|y_true − y_pred| / max(|y_true|, ε), axis=-1),
//
// ε = [Epsilon], reduced over the batch by Reduction (averaged by
// default). Labels are fitted to the predictions as for
// [MeanSquaredError].
type MeanAbsolutePercentageError struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "mean_absolute_percentage_error".
func (MeanAbsolutePercentageError) Name() string { return "mean_absolute_percentage_error" }

// Call returns the mean absolute percentage error reduced by l.Reduction.
func (l MeanAbsolutePercentageError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := p.Graph()
	ratio := graph.Div(graph.Sub(y, p), graph.Maximum(graph.Abs(y), g.Scalar(Epsilon)))
	return reduceMeanLast(l.Name(), l.Reduction, graph.Mul(graph.Abs(ratio), g.Scalar(100)))
}
