package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// BinaryAccuracy is Keras's binary_accuracy metric: a prediction counts as
// 1 when it is strictly greater than Threshold and 0 otherwise, and the
// per-sample value is the mean over the last axis of (label == that),
// averaged over the batch. Labels are cast to the predictions' dtype and
// fitted to them as for [MeanSquaredError] (labels (N,) against
// predictions (N, 1) are fine).
type BinaryAccuracy struct {
	// Threshold is the probability above which a prediction counts as 1.
	// The zero value means Keras's default, 0.5.
	Threshold float64
}

// Name returns "binary_accuracy".
func (BinaryAccuracy) Name() string { return "binary_accuracy" }

// Call returns the fraction of predictions that match their labels.
func (m BinaryAccuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.hits(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(hits, nil, false))
}

// Values returns each sample's binary accuracy over the last axis (see
// [Valued]).
func (m BinaryAccuracy) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.hits(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), meanLast(hits))
}

// hits returns 1 where the thresholded prediction equals the label.
func (m BinaryAccuracy) hits(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	threshold := m.Threshold
	if threshold == 0 {
		threshold = 0.5
	}
	predicted := graph.Greater(yp, yp.Graph().Scalar(threshold))
	return graph.Equal(yt, predicted), nil
}
