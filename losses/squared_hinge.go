package losses

import "github.com/neurite/neurite/graph"

// SquaredHinge is Keras's keras.losses.SquaredHinge: with labels y of −1
// or 1, the per-sample loss is
//
//	mean(square(max(1 − y·y_pred, 0)), axis=-1),
//
// reduced over the batch by Reduction (averaged by default). Binary labels
// are mapped to −1 and 1 as for [Hinge].
type SquaredHinge struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "squared_hinge".
func (SquaredHinge) Name() string { return "squared_hinge" }

// Call returns the squared hinge loss reduced by l.Reduction.
func (l SquaredHinge) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return reduceMeanLast(l.Name(), l.Reduction, graph.Square(hingeMargin(y, p)))
}
