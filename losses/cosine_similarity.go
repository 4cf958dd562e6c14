package losses

import "github.com/neurite/neurite/graph"

// CosineSimilarity is Keras's keras.losses.CosineSimilarity: the
// per-sample loss is the negative cosine similarity of labels and
// predictions along Axis,
//
//	−sum(l2_normalize(y_true) · l2_normalize(y_pred), axis),
//
// with l2_normalize(x) = x / sqrt(max(sum(x², axis), ε²)), ε = [Epsilon],
// as Keras computes it. It lies in [−1, 1]: −1 for vectors pointing the
// same way, 0 for orthogonal ones and whenever either is zero. The
// per-sample values are reduced over the batch by Reduction (averaged by
// default). Labels are fitted to the predictions as for
// [MeanSquaredError]; the predictions need an axis besides the batch.
type CosineSimilarity struct {
	// Axis is the axis of the vectors compared. 0, the zero value, means
	// the last axis (Keras's default of -1), since axis 0 is the batch
	// axis; other negative values count from the end.
	Axis int
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "cosine_similarity".
func (CosineSimilarity) Name() string { return "cosine_similarity" }

// Call returns the negative cosine similarity reduced by l.Reduction.
func (l CosineSimilarity) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	axis, err := classAxis(l.Name(), l.Axis, p)
	if err != nil {
		return nil, err
	}
	dot := graph.Sum(graph.Mul(l2Normalize(y, axis), l2Normalize(p, axis)), []int{axis}, false)
	return reduce(l.Name(), l.Reduction, graph.Neg(dot))
}

// l2Normalize is x / sqrt(max(sum(x², axis), ε²)), Keras's L2
// normalization, which leaves a zero vector zero with a finite gradient.
func l2Normalize(x *graph.Node, axis int) *graph.Node {
	squares := graph.Sum(graph.Square(x), []int{axis}, true)
	norm := graph.Sqrt(graph.Maximum(squares, x.Graph().Scalar(Epsilon*Epsilon)))
	return graph.Div(x, norm)
}
