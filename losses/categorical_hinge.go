package losses

import "github.com/neurite/neurite/graph"

// CategoricalHinge is Keras's keras.losses.CategoricalHinge for one-hot
// labels y (or labels of −1 and 1): over the last axis,
//
//	pos = sum(y·y_pred),  neg = max((1 − y)·y_pred),
//
// and the per-sample loss is max(neg − pos + 1, 0), reduced over the batch
// by Reduction (averaged by default). Labels are fitted to the predictions
// as for [MeanSquaredError]; predictions of shape (N,) count as (N, 1).
type CategoricalHinge struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "categorical_hinge".
func (CategoricalHinge) Name() string { return "categorical_hinge" }

// Call returns the categorical hinge loss reduced by l.Reduction.
func (l CategoricalHinge) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	y, p = atLeast2D(y, p)
	g := p.Graph()
	last := []int{-1}
	pos := graph.Sum(graph.Mul(y, p), last, false)
	neg := graph.Max(graph.Mul(graph.Sub(g.Scalar(1), y), p), last, false)
	return reduce(l.Name(), l.Reduction, graph.Relu(graph.Add(graph.Sub(neg, pos), g.Scalar(1))))
}
