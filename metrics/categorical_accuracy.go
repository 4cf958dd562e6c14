package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// CategoricalAccuracy is Keras's categorical_accuracy metric for one-hot
// labels of the predictions' shape (N, …, C): a sample scores 1 when
// argmax(y_true) == argmax(y_pred) over the last axis (the first maximum
// wins ties, as in tf.argmax), and the batch mean is returned.
//
// Class-index labels (N,) or (N, 1) against predictions (N, C) are an
// error naming both shapes that points to [SparseCategoricalAccuracy]
// (Keras would silently compare against argmax 0).
type CategoricalAccuracy struct{}

// Name returns "categorical_accuracy".
func (CategoricalAccuracy) Name() string { return "categorical_accuracy" }

// Call returns the fraction of samples whose predicted class is the
// labelled one.
func (m CategoricalAccuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	hits, err := m.Values(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(hits, nil, false))
}

// Values returns 1 for each sample whose predicted class is the labelled
// one, 0 for the others (see [Valued]).
func (m CategoricalAccuracy) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if looksSparse(yTrue, yPred) {
		return nil, labels.Mismatch(what(m.Name()), yTrue, yPred,
			"categorical labels are one-hot, of the predictions' shape; for class indices use sparse_categorical_accuracy")
	}
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	last := len(yp.Shape()) - 1
	hit := graph.Equal(graph.ArgMax(yt, last), graph.ArgMax(yp, last))
	return finish(m.Name(), graph.Cast(hit, yp.DType()))
}

// looksSparse reports whether yTrue looks like class indices for
// predictions with several classes, as Keras decides when it resolves
// "accuracy": fewer axes than yPred, or a last axis of size 1 where yPred's
// is not.
func looksSparse(yTrue, yPred *graph.Node) bool {
	ts, ps := yTrue.Shape(), yPred.Shape()
	if len(ps) == 0 || ps[len(ps)-1] == 1 {
		return false
	}
	return len(ts) < len(ps) || (len(ts) == len(ps) && ts[len(ts)-1] == 1)
}
