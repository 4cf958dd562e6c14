package losses

import "github.com/neurite/neurite/graph"

// BinaryCrossentropy is Keras 3's keras.losses.BinaryCrossentropy: the
// per-sample loss is the mean over the last axis of the elementwise
// crossentropy between labels y in [0, 1] and predictions, reduced over
// the batch by Reduction (averaged by default). Labels are fitted to the
// predictions as for [MeanSquaredError] (labels (N,) against predictions
// (N, 1) are fine).
//
// With probabilities (FromLogits false, the default) the predictions are
// clipped to [ε, 1−ε], ε = [Epsilon] = 1e-7, and with p the clipped value
//
//	−(y·log p + (1−y)·log(1 − p)),
//
// as Keras 3 and PyTorch compute it (TF 2.x's Keras added ε inside both
// logarithms as well). A prediction of 0 for a label of 1 costs
// −log ε ≈ 16.118096. With logits x (FromLogits true) it is the
// numerically stable form of tf.nn.sigmoid_cross_entropy_with_logits,
//
//	max(x, 0) − x·y + log(1 + exp(−|x|)),
//
// which is exact for every x and has gradient sigmoid(x) − y.
//
// LabelSmoothing s in [0, 1] first squeezes the labels towards ½:
// y·(1 − s) + s/2, as Keras does.
type BinaryCrossentropy struct {
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

// Name returns "binary_crossentropy".
func (BinaryCrossentropy) Name() string { return "binary_crossentropy" }

// Call returns the binary crossentropy reduced by l.Reduction.
func (l BinaryCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if err := checkFraction(l.Name(), "label smoothing", l.LabelSmoothing); err != nil {
		return nil, err
	}
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	y = smoothBinary(y, l.LabelSmoothing)
	var elem *graph.Node
	if l.FromLogits {
		elem = sigmoidCrossentropy(y, p)
	} else {
		elem = binaryCrossentropy(y, p)
	}
	return reduceMeanLast(l.Name(), l.Reduction, elem)
}

// smoothBinary squeezes binary labels towards ½ by s: y·(1 − s) + s/2.
func smoothBinary(y *graph.Node, s float64) *graph.Node {
	if s == 0 {
		return y
	}
	g := y.Graph()
	return graph.Add(graph.Mul(y, g.Scalar(1-s)), g.Scalar(s/2))
}

// binaryCrossentropy is Keras 3's elementwise crossentropy of
// probabilities p: −(y·log c + (1−y)·log(1 − c)) with c = clip(p, ε, 1−ε).
func binaryCrossentropy(y, p *graph.Node) *graph.Node {
	one := p.Graph().Scalar(1)
	c := graph.Clip(p, Epsilon, 1-Epsilon)
	pos := graph.Mul(y, graph.Log(c))
	neg := graph.Mul(graph.Sub(one, y), graph.Log(graph.Sub(one, c)))
	return graph.Neg(graph.Add(pos, neg))
}

// sigmoidCrossentropy is tf.nn.sigmoid_cross_entropy_with_logits:
// max(x, 0) − x·y + log(1 + exp(−|x|)). It selects rather than taking max
// and abs, as TensorFlow does, so that the gradient at x = 0 is
// sigmoid(0) − y = ½ − y.
func sigmoidCrossentropy(y, x *graph.Node) *graph.Node {
	zero := x.Graph().Scalar(0)
	pos := graph.GreaterEqual(x, zero)
	relu := graph.Where(pos, x, zero)
	negAbs := graph.Where(pos, graph.Neg(x), x)
	return graph.Add(graph.Sub(relu, graph.Mul(x, y)), graph.Softplus(negAbs))
}
