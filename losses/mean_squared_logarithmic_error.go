package losses

import "github.com/neurite/neurite/graph"

// MeanSquaredLogarithmicError is Keras's
// keras.losses.MeanSquaredLogarithmicError: the per-sample loss is
//
//	mean(square(log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1)), axis=-1),
//
// ε = [Epsilon], so values at or below 0 count as ε, reduced over the batch
// by Reduction (averaged by default). Labels are fitted to the predictions
// as for [MeanSquaredError].
type MeanSquaredLogarithmicError struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "mean_squared_logarithmic_error".
func (MeanSquaredLogarithmicError) Name() string { return "mean_squared_logarithmic_error" }

// Call returns the mean squared logarithmic error reduced by l.Reduction.
func (l MeanSquaredLogarithmicError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	diff := graph.Sub(log1pAtLeastEps(p), log1pAtLeastEps(y))
	return reduceMeanLast(l.Name(), l.Reduction, graph.Square(diff))
}

// log1pAtLeastEps is log(max(x, ε) + 1).
func log1pAtLeastEps(x *graph.Node) *graph.Node {
	g := x.Graph()
	return graph.Log(graph.Add(graph.Maximum(x, g.Scalar(Epsilon)), g.Scalar(1)))
}
