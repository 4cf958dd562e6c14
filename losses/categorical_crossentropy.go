package losses

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// CategoricalCrossentropy is Keras's
// tf.keras.losses.CategoricalCrossentropy (TF 2.x, label_smoothing 0) for
// one-hot (or soft) labels y of the predictions' shape (N, …, C): the
// per-sample loss is −sum(y·log q) over the last axis, averaged over the
// batch.
//
// With probabilities (FromLogits false, the default), as
// tf.keras.backend's categorical_crossentropy does, the predictions are
// first rescaled so that each row sums to 1 (p / sum(p, axis=-1)), then
// clipped to [ε, 1−ε] with ε = [Epsilon], and q is the result. With logits
// (FromLogits true), log q is log_softmax of the predictions over the last
// axis, as in tf.nn.softmax_cross_entropy_with_logits.
//
// Integer labels are cast to the predictions' dtype. Class-index labels
// of shape (N,) or (N, 1) against predictions (N, C) are an error naming
// both shapes that points to [SparseCategoricalCrossentropy].
type CategoricalCrossentropy struct {
	// FromLogits says the predictions are logits rather than
	// probabilities. The zero value, false, is Keras's default.
	FromLogits bool
}

// Name returns "categorical_crossentropy".
func (CategoricalCrossentropy) Name() string { return "categorical_crossentropy" }

// Call returns the batch mean of the categorical crossentropy.
func (l CategoricalCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if looksSparse(yTrue, yPred) {
		return nil, labels.Mismatch(what(l.Name()), yTrue, yPred,
			"categorical labels are one-hot, of the predictions' shape; for class indices use sparse_categorical_crossentropy")
	}
	y, p, err := labels.Align(what(l.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	last := len(p.Shape()) - 1
	var logq *graph.Node
	if l.FromLogits {
		logq = graph.LogSoftmax(p, last)
	} else {
		q := graph.Div(p, graph.Sum(p, []int{last}, true))
		logq = graph.Log(graph.Clip(q, Epsilon, 1-Epsilon))
	}
	perSample := graph.Neg(graph.Sum(graph.Mul(y, logq), []int{last}, false))
	return finish(l.Name(), graph.Mean(perSample, nil, false))
}

// looksSparse reports whether yTrue looks like class indices for
// predictions with several classes: one axis fewer than yPred, or a last
// axis of size 1 where yPred has more.
func looksSparse(yTrue, yPred *graph.Node) bool {
	ts, ps := yTrue.Shape(), yPred.Shape()
	if len(ps) == 0 || ps[len(ps)-1] == 1 {
		return false
	}
	return len(ts) == len(ps)-1 || (len(ts) == len(ps) && ts[len(ts)-1] == 1)
}
