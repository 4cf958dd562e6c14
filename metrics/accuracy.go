package metrics

import "github.com/neurite/neurite/graph"

// Accuracy is Keras's "accuracy" metric as named in compile(metrics=
// ['accuracy']): a placeholder that [Resolve] replaces, once the loss and
// the shapes of labels and predictions are known, by [BinaryAccuracy],
// [SparseCategoricalAccuracy] or [CategoricalAccuracy], still shown as
// "accuracy". Models call Resolve for every metric; called directly,
// Accuracy resolves itself from the shapes alone (no loss).
//
// (This is the string 'accuracy', not tf.keras.metrics.Accuracy, which
// counts exact equality of labels and predictions.)
type Accuracy struct{}

// Name returns "accuracy".
func (Accuracy) Name() string { return "accuracy" }

// Call returns the batch mean of the accuracy Resolve picks for these
// shapes.
func (a Accuracy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return Resolve(a, nil, yTrue, yPred).Call(yTrue, yPred)
}
