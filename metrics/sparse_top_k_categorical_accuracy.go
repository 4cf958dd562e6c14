package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// SparseTopKCategoricalAccuracy is Keras's
// sparse_top_k_categorical_accuracy metric for class-index labels of shape
// (N, …) or (N, …, 1) against predictions (N, …, C): a sample scores 1
// when the prediction for its class is among the K largest of its row
// (fewer than K predictions strictly larger, so ties at the boundary
// count, as tf.math.in_top_k), and the batch mean is returned. Float
// labels are truncated to integers, as Keras's cast to int32 does; a
// label outside [0, C) scores 0. One-hot labels are an error naming both
// shapes.
type SparseTopKCategoricalAccuracy struct {
	// K is how many of the largest predictions count; 0 means Keras's
	// default, 5.
	K int
}

// Name returns "sparse_top_k_categorical_accuracy".
func (SparseTopKCategoricalAccuracy) Name() string { return "sparse_top_k_categorical_accuracy" }

// Call returns the fraction of samples whose labelled class is in the
// top K predictions.
func (m SparseTopKCategoricalAccuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.Values(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(hits, nil, false))
}

// Values returns 1 for each sample whose label is among the K largest
// predictions, 0 for the others (see [Valued]).
func (m SparseTopKCategoricalAccuracy) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	k, err := topK(m.Name(), m.K)
	if err != nil {
		return nil, err
	}
	yt, yp, err := labels.Sparse(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	if yt.DType() != tensor.Int64 {
		yt = graph.Cast(yt, tensor.Int64)
	}
	hit, err := inTopK(m.Name(), yt, yp, k)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Reshape(hit, -1))
}
