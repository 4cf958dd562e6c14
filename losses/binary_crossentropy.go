package losses

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// BinaryCrossentropy is Keras's tf.keras.losses.BinaryCrossentropy (TF 2.x,
// label_smoothing 0): the per-sample loss is the mean over the last axis
// of the elementwise crossentropy between labels y in [0, 1] and
// predictions, averaged over the batch. Labels are fitted to the
// predictions as for [MeanSquaredError] (labels (N,) against predictions
// (N, 1) are fine).
//
// With probabilities (FromLogits false, the default) the predictions p are
// first clipped to [ε, 1−ε] and then, exactly as tf.keras.backend's
// binary_crossentropy computes it,
//
//	−(y·log(p + ε) + (1−y)·log(1 − p + ε)),   ε = [Epsilon] = 1e-7,
//
// so a prediction of 0 for a label of 1 costs −log(2e-7) ≈ 15.424949, not
// infinity. With logits x (FromLogits true) it is the numerically stable
// form of tf.nn.sigmoid_cross_entropy_with_logits,
//
//	max(x, 0) − x·y + log(1 + exp(−|x|)),
//
// which is exact for every x and has gradient sigmoid(x) − y.
type BinaryCrossentropy struct {
	// FromLogits says the predictions are logits rather than
	// probabilities. The zero value, false, is Keras's default.
	FromLogits bool
}

// Name returns "binary_crossentropy".
func (BinaryCrossentropy) Name() string { return "binary_crossentropy" }

// Call returns the batch mean of the binary crossentropy.
func (l BinaryCrossentropy) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := labels.Align(what(l.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := p.Graph()
	var elem *graph.Node
	if l.FromLogits {
		// Select rather than max and abs, as TensorFlow does, so that the
		// gradient at x = 0 is sigmoid(0) − y = ½ − y.
		x := p
		pos := graph.GreaterEqual(x, g.Scalar(0))
		relu := graph.Where(pos, x, g.Scalar(0))
		negAbs := graph.Where(pos, graph.Neg(x), x)
		elem = graph.Add(graph.Sub(relu, graph.Mul(x, y)), graph.Softplus(negAbs))
	} else {
		p = graph.Clip(p, Epsilon, 1-Epsilon)
		one, eps := g.Scalar(1), g.Scalar(Epsilon)
		pos := graph.Mul(y, graph.Log(graph.Add(p, eps)))
		neg := graph.Mul(graph.Sub(one, y), graph.Log(graph.Add(graph.Sub(one, p), eps)))
		elem = graph.Neg(graph.Add(pos, neg))
	}
	return finish(l.Name(), graph.Mean(elem, nil, false))
}
