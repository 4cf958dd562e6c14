package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// SparseCategoricalAccuracy is Keras's sparse_categorical_accuracy metric
// for class-index labels of shape (N, …) or (N, …, 1) against predictions
// (N, …, C): a sample scores 1 when its label equals argmax(y_pred) over
// the last axis, and the batch mean is returned. Labels may be int64 or
// float; as in Keras (whose metric wrapper casts both to float), the label
// and the predicted index are compared as floats, so a fractional label
// never matches. One-hot labels are an error naming both shapes.
type SparseCategoricalAccuracy struct{}

// Name returns "sparse_categorical_accuracy".
func (SparseCategoricalAccuracy) Name() string { return "sparse_categorical_accuracy" }

// Call returns the fraction of samples whose predicted class is the
// labelled one.
func (m SparseCategoricalAccuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.Values(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(hits, nil, false))
}

// Values returns 1 for each sample (each step of a sequence, flattened to
// one axis) whose predicted class is the labelled one, 0 for the others
// (see [Valued]).
func (m SparseCategoricalAccuracy) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Sparse(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	dt := yp.DType()
	predicted := graph.Cast(graph.ArgMax(yp, 1), dt)
	return finish(m.Name(), graph.Equal(graph.Cast(yt, dt), predicted))
}
