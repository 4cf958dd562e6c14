package losses

import "github.com/neurite/neurite/graph"

// Poisson is Keras's keras.losses.Poisson: the per-sample loss is
//
//	mean(y_pred − y_true·log(y_pred + ε), axis=-1),
//
// ε = [Epsilon], reduced over the batch by Reduction (averaged by
// default). The predictions are rates and should not be negative. Labels
// are fitted to the predictions as for [MeanSquaredError].
type Poisson struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "poisson".
func (Poisson) Name() string { return "poisson" }

// Call returns the Poisson loss reduced by l.Reduction.
func (l Poisson) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	logp := graph.Log(graph.Add(p, p.Graph().Scalar(Epsilon)))
	return reduceMeanLast(l.Name(), l.Reduction, graph.Sub(p, graph.Mul(y, logp)))
}
