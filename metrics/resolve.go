package metrics

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
)

// Resolve returns the metric a model computes for m, given its loss and
// the label and prediction nodes. Every metric is returned unchanged except
// [Accuracy] (also when wrapped in [Named]), which Keras resolves by the
// loss and shapes:
//
//   - binary crossentropy, or predictions whose last dimension is 1:
//     [BinaryAccuracy];
//   - sparse categorical crossentropy, or labels with fewer axes than the
//     predictions, or labels whose last dimension is 1 against predictions
//     with more classes: [SparseCategoricalAccuracy];
//   - otherwise [CategoricalAccuracy].
//
// The result keeps the name the user gave ("accuracy" or "acc"). loss may
// be nil.
func Resolve(m Metric, loss losses.Loss, yTrue, yPred *graph.Node) Metric {
	name := m.Name()
	inner := m
	for {
		n, ok := inner.(Named)
		if !ok {
			break
		}
		inner = n.Metric
	}
	switch inner.(type) {
	case Accuracy, *Accuracy:
	default:
		return m
	}
	lossName := ""
	if loss != nil {
		lossName = loss.Name()
	}
	ps := yPred.Shape()
	var picked Metric
	switch {
	case lossName == "binary_crossentropy" || (len(ps) > 0 && ps[len(ps)-1] == 1):
		picked = BinaryAccuracy{}
	case lossName == "sparse_categorical_crossentropy" || looksSparse(yTrue, yPred):
		picked = SparseCategoricalAccuracy{}
	default:
		picked = CategoricalAccuracy{}
	}
	return Named{Metric: picked, As: name}
}
