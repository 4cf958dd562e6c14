package metrics

import "github.com/neurite/neurite/graph"

// Recall is Keras's Recall metric: true positives / (true positives +
// false negatives), over every value seen (an [Accumulator], so exact over
// an epoch). Labels count as positive where non-zero; a prediction counts
// as positive where it is strictly greater than the threshold. Labels and
// predictions are treated as for [Precision], and so are Thresholds, TopK
// and ClassID. The result is 0 when no label is positive.
type Recall struct {
	// Thresholds holds at most one threshold in [0, 1]. Empty means
	// Keras's default: 0.5, or, with TopK set, no threshold. See
	// [Precision].
	Thresholds []float64
	// TopK, when not 0, keeps only the TopK largest predictions of each
	// row (Keras's top_k; the zero value is Keras's None).
	TopK int
	// ClassID, when not nil, restricts the metric to that class (the
	// column of the last axis), as Keras's class_id.
	ClassID *int
}

// Name returns "recall".
func (Recall) Name() string { return "recall" }

// Statistics returns [true positives, false negatives].
func (m Recall) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, _, _, fn, err := confusionAt(m.Name(), yTrue, yPred, m.Thresholds, m.TopK, m.ClassID)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Concat(0, tp, fn))
}

// Result returns tp / (tp + fn), or 0 when tp + fn is 0.
func (Recall) Result(sums []float64) float64 { return divNoNaN(sums[0], sums[0]+sums[1]) }

// Call returns the recall of one batch.
func (m Recall) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, _, _, fn, err := confusionAt(m.Name(), yTrue, yPred, m.Thresholds, m.TopK, m.ClassID)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Reshape(divNoNaNNode(tp, graph.Add(tp, fn))))
}
