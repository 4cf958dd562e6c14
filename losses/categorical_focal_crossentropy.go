package losses

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// CategoricalFocalCrossentropy is Keras's
// keras.losses.CategoricalFocalCrossentropy (Lin et al., 2018):
// categorical crossentropy scaled down for well-classified classes. With
// one-hot labels y (after LabelSmoothing s: y·(1 − s) + s/C) and q the
// predictions (softmax of them when FromLogits is set) rescaled to sum to
// 1 over the class axis and clipped to [ε, 1−ε], the per-sample loss is
//
//	sum(α · (1 − q)^γ · (−y·log q), axis),
//
// as Keras computes it, reduced over the batch by Reduction (averaged by
// default). Labels and predictions are as for [CategoricalCrossentropy].
type CategoricalFocalCrossentropy struct {
	// Alpha is the weight of every class; nil means Keras's default, 0.25.
	Alpha *float64
	// Gamma ≥ 0 is the focusing exponent; nil means Keras's default, 2.
	// Gamma: new(0.0) with Alpha: new(1.0) gives plain categorical
	// crossentropy.
	Gamma *float64
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

// Name returns "categorical_focal_crossentropy".
func (CategoricalFocalCrossentropy) Name() string { return "categorical_focal_crossentropy" }

// Call returns the categorical focal crossentropy reduced by l.Reduction.
func (l CategoricalFocalCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	alpha, gamma := valueOr(l.Alpha, defaultFocalAlpha), valueOr(l.Gamma, defaultFocalGamma)
	if err := l.check(alpha, gamma); err != nil {
		return nil, err
	}
	if looksSparse(yTrue, yPred) {
		return nil, labels.Mismatch(what(l.Name()), yTrue, yPred,
			"categorical labels are one-hot, of the predictions' shape")
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
	if l.FromLogits {
		p = graph.Softmax(p, axis)
	}
	g := p.Graph()
	q := normalizedProbabilities(p, axis)
	elem := graph.Mul(y, graph.Log(q))
	if f := focalFactor(graph.Sub(g.Scalar(1), q), gamma); f != nil {
		elem = graph.Mul(f, elem)
	}
	elem = graph.Mul(elem, g.Scalar(-alpha))
	return reduce(l.Name(), l.Reduction, graph.Sum(elem, []int{axis}, false))
}

// check validates the options.
func (l CategoricalFocalCrossentropy) check(alpha, gamma float64) error {
	if err := checkFraction(l.Name(), "label smoothing", l.LabelSmoothing); err != nil {
		return err
	}
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return fmt.Errorf("losses: %s: alpha must be finite, got %v", l.Name(), alpha)
	}
	return checkGamma(l.Name(), gamma)
}
