package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// TopKCategoricalAccuracy is Keras's top_k_categorical_accuracy metric for
// one-hot (or any per-class) labels of the predictions' shape (N, …, C):
// a sample scores 1 when the prediction for argmax(y_true) is among the K
// largest of its row (fewer than K predictions strictly larger, so ties
// at the boundary count, as tf.math.in_top_k), and the batch mean is
// returned. Class-index labels are an error pointing to
// [SparseTopKCategoricalAccuracy].
type TopKCategoricalAccuracy struct {
	// K is how many of the largest predictions count; 0 means Keras's
	// default, 5.
	K int
}

// Name returns "top_k_categorical_accuracy".
func (TopKCategoricalAccuracy) Name() string { return "top_k_categorical_accuracy" }

// Call returns the fraction of samples whose labelled class is in the
// top K predictions.
func (m TopKCategoricalAccuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.Values(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(hits, nil, false))
}

// Values returns 1 for each sample whose label is among the K largest
// predictions, 0 for the others (see [Valued]).
func (m TopKCategoricalAccuracy) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	k, err := topK(m.Name(), m.K)
	if err != nil {
		return nil, err
	}
	if looksSparse(yTrue, yPred) {
		return nil, labels.Mismatch(what(m.Name()), yTrue, yPred,
			"categorical labels are one-hot, of the predictions' shape; for class indices use sparse_top_k_categorical_accuracy")
	}
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	if len(yp.Shape()) < 2 {
		return nil, labels.Mismatch(what(m.Name()), yTrue, yPred, "predictions need a batch axis and a class axis")
	}
	hit, err := inTopK(m.Name(), graph.ArgMax(yt, len(yt.Shape())-1), yp, k)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), hit)
}
