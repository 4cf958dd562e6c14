package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// CosineSimilarity is Keras's cosine_similarity metric: the batch mean of
// the cosine similarity of labels and predictions along Axis,
//
//	sum(l2_normalize(y_true) · l2_normalize(y_pred), axis),
//
// with l2_normalize(x) = x / max(‖x‖, ε), ε = 1e-7, as Keras computes it:
// 1 for vectors pointing the same way, −1 for opposite ones, 0 for
// orthogonal ones and whenever either is zero. (The loss of the same name
// is its negative.) Labels are fitted to the predictions as for
// [MeanSquaredError]; the predictions need an axis besides the batch.
type CosineSimilarity struct {
	// Axis is the axis of the vectors compared. 0, the zero value, means
	// the last axis (Keras's default of -1), since axis 0 is the batch
	// axis; other negative values count from the end.
	Axis int
}

// Name returns "cosine_similarity".
func (CosineSimilarity) Name() string { return "cosine_similarity" }

// Call returns the batch mean of the cosine similarity.
func (m CosineSimilarity) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	rank := len(yp.Shape())
	axis := m.Axis
	switch {
	case axis == 0:
		axis = rank - 1
	case axis < 0:
		axis += rank
	}
	if axis <= 0 || axis >= rank {
		return nil, fmt.Errorf("metrics: %s: axis %d is not a vector axis of predictions of shape %s (axis 0 is the batch)",
			m.Name(), m.Axis, labels.Shape(yp.Shape()))
	}
	dot := graph.Sum(graph.Mul(l2Normalize(yt, axis), l2Normalize(yp, axis)), []int{axis}, false)
	return finish(m.Name(), graph.Mean(dot, nil, false))
}

// l2Normalize is x / max(‖x‖, ε) along axis, Keras's normalize.
func l2Normalize(x *graph.Node, axis int) *graph.Node {
	norm := graph.Sqrt(graph.Sum(graph.Square(x), []int{axis}, true))
	return graph.Div(x, graph.Maximum(norm, x.Graph().Scalar(epsilon)))
}
