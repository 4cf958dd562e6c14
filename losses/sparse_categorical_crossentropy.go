package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// SparseCategoricalCrossentropy is Keras's
// tf.keras.losses.SparseCategoricalCrossentropy: labels are class indices
// of shape (N, …) or (N, …, 1) for predictions of shape (N, …, C), and the
// per-sample loss is −log q[label], reduced over the batch by Reduction
// (averaged by default). IgnoreClass leaves out the labels of one class.
//
// Labels are cast to int64 as Keras does (cast(target, 'int64')), so float
// labels holding whole numbers work; a fractional label is truncated. With
// probabilities (FromLogits false, the default) Keras clips the predictions
// to [ε, 1−ε] with ε = [Epsilon], takes their log and feeds that to
// sparse_softmax_cross_entropy_with_logits; this does the same, so the loss
// is −log p[label] for predictions whose rows sum to 1. With logits it is
// sparse_softmax_cross_entropy_with_logits of the predictions.
//
// Labels that look one-hot, of the predictions' rank and number of classes
// C > 1, are an error that says so and points to
// [CategoricalCrossentropy]; any other misfit names both shapes. A label outside
// [0, C) is found only when the graph runs: the run (and so Fit or
// Evaluate) returns an error.
type SparseCategoricalCrossentropy struct {
	// FromLogits says the predictions are logits rather than
	// probabilities. The zero value, false, is Keras's default.
	FromLogits bool
	// IgnoreClass, when not nil, is a class label (such as a "void" class,
	// often -1 or 255) whose entries count for nothing: their loss is 0
	// and the default reduction averages over the other entries only, as
	// Keras's ignore_class does. nil, the zero value, ignores nothing. It
	// is a pointer so that class 0 can be ignored: IgnoreClass: new(0).
	IgnoreClass *int
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "sparse_categorical_crossentropy".
func (SparseCategoricalCrossentropy) Name() string { return "sparse_categorical_crossentropy" }

// Call returns the sparse categorical crossentropy reduced by l.Reduction.
func (l SparseCategoricalCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if err := l.Reduction.check(l.Name()); err != nil {
		return nil, err
	}
	if err := looksOneHot(what(l.Name()), yTrue, yPred); err != nil {
		return nil, err
	}
	y, logits, err := labels.Sparse(what(l.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	if !l.FromLogits {
		logits = graph.Log(graph.Clip(logits, Epsilon, 1-Epsilon))
	}
	return l.reduceLabels(yPred, graph.Cast(y, tensor.Int64), logits)
}

// looksOneHot returns an error naming what if the labels look one-hot: the
// predictions' rank and the same number of classes, more than one, along
// the last axis. Keras would fail deep inside the op with a shape error.
func looksOneHot(what string, yTrue, yPred *graph.Node) error {
	ts, ps := yTrue.Shape(), yPred.Shape()
	if len(ts) < 2 || len(ts) != len(ps) {
		return nil
	}
	c := ps[len(ps)-1]
	if c <= 1 || ts[len(ts)-1] != c {
		return nil
	}
	outer := ps[:len(ps)-1]
	return fmt.Errorf("%s: labels of shape %s look one-hot: use categorical_crossentropy, "+
		"or pass class indices of shape %s or %s",
		what, labels.Shape(ts), labels.Shape(outer), labels.Shape(append(outer.Clone(), 1)))
}
