package losses

import "github.com/neurite/neurite/graph"

// Hinge is Keras's keras.losses.Hinge: with labels y of −1 or 1, the
// per-sample loss is
//
//	mean(max(1 − y·y_pred, 0), axis=-1),
//
// reduced over the batch by Reduction (averaged by default). As in Keras,
// when every label in the batch is 0 or 1 the labels are taken as binary
// and mapped to −1 and 1 (2y − 1). Labels are fitted to the predictions as
// for [MeanSquaredError].
type Hinge struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "hinge".
func (Hinge) Name() string { return "hinge" }

// Call returns the hinge loss reduced by l.Reduction.
func (l Hinge) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return reduceMeanLast(l.Name(), l.Reduction, hingeMargin(y, p))
}

// hingeMargin is max(1 − y·p, 0) elementwise, with binary labels mapped
// to ±1 first.
func hingeMargin(y, p *graph.Node) *graph.Node {
	g := p.Graph()
	return graph.Relu(graph.Sub(g.Scalar(1), graph.Mul(signedLabels(y), p)))
}

// signedLabels returns y as it is, or 2y − 1 when every label is 0 or 1,
// as Keras's convert_binary_labels_to_hinge does for the whole batch. With
// b = 1 for a binary batch and 0 otherwise it is y·(1 + b) − b.
func signedLabels(y *graph.Node) *graph.Node {
	g := y.Graph()
	binary := graph.Add(graph.Equal(y, g.Scalar(0)), graph.Equal(y, g.Scalar(1)))
	b := graph.Min(binary, nil, false)
	return graph.Sub(graph.Mul(y, graph.Add(b, g.Scalar(1))), b)
}
