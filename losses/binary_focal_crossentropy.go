package losses

import "github.com/neurite/neurite/graph"

// BinaryFocalCrossentropy is Keras's keras.losses.BinaryFocalCrossentropy
// (Lin et al., 2018): binary crossentropy scaled down for well-classified
// elements. With labels y (after LabelSmoothing s: y·(1 − s) + s/2),
// probabilities p (sigmoid of the predictions when FromLogits is set) and
// bce the [BinaryCrossentropy] of p (clipped to [ε, 1−ε]),
//
//	p_t = y·p + (1 − y)·(1 − p),   element = (1 − p_t)^γ · bce,
//
// times y·α + (1 − y)·(1 − α) when ApplyClassBalancing is set, as Keras
// computes it. The per-sample loss is the mean over the last axis, reduced
// over the batch by Reduction (averaged by default). Labels are fitted to
// the predictions as for [MeanSquaredError].
type BinaryFocalCrossentropy struct {
	// ApplyClassBalancing weights class 1 by Alpha and class 0 by
	// 1 − Alpha. The zero value, false, is Keras's default.
	ApplyClassBalancing bool
	// Alpha in [0, 1] is the weight of class 1 under ApplyClassBalancing;
	// nil means Keras's default, 0.25.
	Alpha *float64
	// Gamma ≥ 0 is the focusing exponent; nil means Keras's default, 2.
	// Gamma: new(0.0) gives plain binary crossentropy.
	Gamma *float64
	// FromLogits says the predictions are logits rather than
	// probabilities. The zero value, false, is Keras's default.
	FromLogits bool
	// LabelSmoothing in [0, 1] smooths the labels towards ½; 0, the
	// default, leaves them alone.
	LabelSmoothing float64
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "binary_focal_crossentropy".
func (BinaryFocalCrossentropy) Name() string { return "binary_focal_crossentropy" }

// Call returns the binary focal crossentropy reduced by l.Reduction.
func (l BinaryFocalCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	alpha, gamma := valueOr(l.Alpha, defaultFocalAlpha), valueOr(l.Gamma, defaultFocalGamma)
	if err := l.check(alpha, gamma); err != nil {
		return nil, err
	}
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	y = smoothBinary(y, l.LabelSmoothing)
	if l.FromLogits {
		p = graph.Sigmoid(p)
	}
	g := p.Graph()
	one := g.Scalar(1)
	elem := binaryCrossentropy(y, p)
	notY := graph.Sub(one, y)
	pt := graph.Add(graph.Mul(y, p), graph.Mul(notY, graph.Sub(one, p)))
	if f := focalFactor(graph.Sub(one, pt), gamma); f != nil {
		elem = graph.Mul(f, elem)
	}
	if l.ApplyClassBalancing {
		weight := graph.Add(graph.Mul(y, g.Scalar(alpha)), graph.Mul(notY, g.Scalar(1-alpha)))
		elem = graph.Mul(weight, elem)
	}
	return reduceMeanLast(l.Name(), l.Reduction, elem)
}

// check validates the options.
func (l BinaryFocalCrossentropy) check(alpha, gamma float64) error {
	if err := checkFraction(l.Name(), "label smoothing", l.LabelSmoothing); err != nil {
		return err
	}
	if err := checkFraction(l.Name(), "alpha", alpha); err != nil {
		return err
	}
	return checkGamma(l.Name(), gamma)
}
