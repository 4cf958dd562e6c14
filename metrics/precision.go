package metrics

import "github.com/neurite/neurite/graph"

// Precision is Keras's Precision metric: true positives / (true positives
// + false positives), over every value seen (an [Accumulator], so exact
// over an epoch). Labels count as positive where non-zero; a prediction
// counts as positive where it is strictly greater than the threshold.
// Labels and predictions of any shape are flattened (labels (N,) against
// predictions (N, 1) are fine). The result is 0 when nothing is predicted
// positive, as Keras's divide_no_nan gives.
//
// With TopK, only the TopK largest predictions of each row (the last
// axis; ties broken by lower index, as top_k) can be positive; with
// ClassID, only the column ClassID of labels and predictions is counted.
type Precision struct {
	// Thresholds holds at most one threshold in [0, 1]. Empty means
	// Keras's default: 0.5, or, with TopK set, no threshold (every top-k
	// prediction is positive). Keras also accepts a list, giving one value
	// per threshold; a model logs one number per metric, so use one
	// Precision per threshold instead.
	Thresholds []float64
	// TopK, when not 0, keeps only the TopK largest predictions of each
	// row (Keras's top_k; the zero value is Keras's None).
	TopK int
	// ClassID, when not nil, restricts the metric to that class (the
	// column of the last axis), as Keras's class_id.
	ClassID *int
}

// Name returns "precision".
func (Precision) Name() string { return "precision" }

// Statistics returns [true positives, false positives].
func (m Precision) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, fp, _, _, err := confusionAt(m.Name(), yTrue, yPred, m.Thresholds, m.TopK, m.ClassID)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Concat(0, tp, fp))
}

// Result returns tp / (tp + fp), or 0 when tp + fp is 0.
func (Precision) Result(sums []float64) float64 { return divNoNaN(sums[0], sums[0]+sums[1]) }

// Call returns the precision of one batch.
func (m Precision) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, fp, _, _, err := confusionAt(m.Name(), yTrue, yPred, m.Thresholds, m.TopK, m.ClassID)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Reshape(divNoNaNNode(tp, graph.Add(tp, fp))))
}

// confusionAt returns the confusion counts, each of shape (1,), of a
// precision or recall configured by thresholds, topK and classID.
func confusionAt(name string, yTrue, yPred *graph.Node, thresholds []float64, topK int, classID *int) (tp, fp, tn, fn *graph.Node, err error) {
	t, err := singleThreshold(name, thresholds, topK)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	pos, yp, err := binaryInputs(name, yTrue, yPred, topK, classID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	tp, fp, tn, fn = thresholdCounts(pos, yp, []float64{t})
	return tp, fp, tn, fn, nil
}
