package losses

import "github.com/neurite/neurite/graph"

// KLDivergence is Keras's keras.losses.KLDivergence, the Kullback-Leibler
// divergence of the predicted distribution from the labels': with both
// clipped to [ε, 1], ε = [Epsilon], the per-sample loss is
//
//	sum(y_true · log(y_true / y_pred), axis=-1),
//
// reduced over the batch by Reduction (averaged by default). Labels are
// fitted to the predictions as for [MeanSquaredError]; predictions of
// shape (N,) count as (N, 1).
type KLDivergence struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "kl_divergence".
func (KLDivergence) Name() string { return "kl_divergence" }

// Call returns the KL divergence reduced by l.Reduction.
func (l KLDivergence) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	y, p = atLeast2D(y, p)
	y, p = graph.Clip(y, Epsilon, 1), graph.Clip(p, Epsilon, 1)
	elem := graph.Mul(y, graph.Log(graph.Div(y, p)))
	return reduce(l.Name(), l.Reduction, graph.Sum(elem, []int{-1}, false))
}

// atLeast2D gives aligned labels and predictions of shape (N,) a last
// axis of size 1, so that a loss summing over the last axis has one value
// per sample.
func atLeast2D(y, p *graph.Node) (*graph.Node, *graph.Node) {
	if len(p.Shape()) != 1 {
		return y, p
	}
	return graph.ExpandDims(y, 1), graph.ExpandDims(p, 1)
}
