package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// CategoricalCrossentropy is Keras 3's
// keras.losses.CategoricalCrossentropy for one-hot (or soft) labels y of
// the predictions' shape (N, …, C): the per-sample loss is −sum(y·log q)
// over the class axis (Axis, the last by default), reduced over the batch
// by Reduction (averaged by default).
//
// With probabilities (FromLogits false, the default), as Keras's backend
// categorical_crossentropy does, the predictions are first rescaled so
// that they sum to 1 over the class axis (p / sum(p)), then clipped to
// [ε, 1−ε] with ε = [Epsilon], and q is the result. With logits
// (FromLogits true), log q is log_softmax of the predictions over the
// class axis, as in tf.nn.softmax_cross_entropy_with_logits.
//
// LabelSmoothing s in [0, 1] first mixes the labels with the uniform
// distribution over the C classes: y·(1 − s) + s/C, as Keras does; C must
// then be known when the graph is built.
//
// Integer labels are cast to the predictions' dtype. Class-index labels
// of shape (N,) or (N, 1) against predictions (N, C) are an error naming
// both shapes that points to [SparseCategoricalCrossentropy].
type CategoricalCrossentropy struct {
	// FromLogits says the predictions are logits rather than
	// probabilities. The zero value, false, is Keras's default.
	FromLogits bool
	// LabelSmoothing in [0, 1] smooths the labels towards the uniform
	// distribution; 0, the default, leaves them alone.
	LabelSmoothing float64
	// Axis is the class axis. 0, the zero value, means the last axis
	// (Keras's default of -1), since axis 0 is the batch axis; other
	// negative values count from the end.
	Axis int
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "categorical_crossentropy".
func (CategoricalCrossentropy) Name() string { return "categorical_crossentropy" }

// Call returns the categorical crossentropy reduced by l.Reduction.
func (l CategoricalCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if err := checkFraction(l.Name(), "label smoothing", l.LabelSmoothing); err != nil {
		return nil, err
	}
	if looksSparse(yTrue, yPred) {
		return nil, labels.Mismatch(what(l.Name()), yTrue, yPred,
			"categorical labels are one-hot, of the predictions' shape; for class indices use sparse_categorical_crossentropy")
	}
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	axis, err := classAxis(l.Name(), l.Axis, p)
	if err != nil {
		return nil, err
	}
	if y, err = smoothCategorical(l.Name(), y, p, axis, l.LabelSmoothing); err != nil {
		return nil, err
	}
	var logq *graph.Node
	if l.FromLogits {
		logq = graph.LogSoftmax(p, axis)
	} else {
		logq = graph.Log(normalizedProbabilities(p, axis))
	}
	perSample := graph.Neg(graph.Sum(graph.Mul(y, logq), []int{axis}, false))
	return reduce(l.Name(), l.Reduction, perSample)
}

// smoothCategorical mixes labels y with the uniform distribution over the
// C classes of predictions p along axis by s: y·(1 − s) + s/C.
func smoothCategorical(name string, y, p *graph.Node, axis int, s float64) (*graph.Node, error) {
	if s == 0 {
		return y, nil
	}
	classes := p.Shape()[axis]
	if classes == graph.Unknown {
		classes = y.Shape()[axis]
	}
	if classes == graph.Unknown {
		return nil, fmt.Errorf("losses: %s: label smoothing needs a known number of classes, labels have shape %s",
			name, labels.Shape(y.Shape()))
	}
	g := y.Graph()
	return graph.Add(graph.Mul(y, g.Scalar(1-s)), g.Scalar(s/float64(classes))), nil
}

// normalizedProbabilities rescales p to sum to 1 along axis and clips the
// result to [ε, 1−ε], as Keras's crossentropies on probabilities do.
func normalizedProbabilities(p *graph.Node, axis int) *graph.Node {
	q := graph.Div(p, graph.Sum(p, []int{axis}, true))
	return graph.Clip(q, Epsilon, 1-Epsilon)
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
