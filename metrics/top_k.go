package metrics

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// DefaultTopK is Keras's k for the top-k accuracies.
const DefaultTopK = 5

// topK returns k, or DefaultTopK for 0; a negative k is an error.
func topK(name string, k int) (int, error) {
	switch {
	case k == 0:
		return DefaultTopK, nil
	case k < 0:
		return 0, fmt.Errorf("metrics: %s: k must be positive, got %d", name, k)
	}
	return k, nil
}

// inTopK returns, with a trailing axis of size 1, 1 where the prediction
// for class target (Int64, yPred's shape without its last axis) is among
// the k largest of its row of yPred (…, C) and 0 elsewhere, as
// tf.math.in_top_k decides: the target is in the top k when fewer than k
// predictions are strictly larger, so ties at the boundary count as in;
// a target outside [0, C) or with a non-finite prediction is not. The
// number of classes must be known.
func inTopK(name string, target, yPred *graph.Node, k int) (*graph.Node, error) {
	g, ps, dt := yPred.Graph(), yPred.Shape(), yPred.DType()
	last := len(ps) - 1
	classes := ps[last]
	if classes == graph.Unknown {
		return nil, fmt.Errorf("metrics: %s: predictions of shape %v need a known number of classes", name, ps)
	}
	ids := tensor.New(dt, classes)
	for c := range classes {
		ids.Set(float64(c), c)
	}
	isTarget := graph.Equal(graph.ExpandDims(graph.Cast(target, dt), last), g.Const(ids))
	zero := g.Scalar(0)
	atTarget := graph.Sum(graph.Where(isTarget, yPred, zero), []int{last}, true)
	larger := graph.Sum(graph.Greater(yPred, atTarget), []int{last}, true)
	inRange := graph.Sum(isTarget, []int{last}, true)
	finite := graph.Less(graph.Abs(atTarget), g.Scalar(math.Inf(1)))
	hit := graph.Mul(graph.Less(larger, g.Scalar(float64(k))), graph.Mul(inRange, finite))
	return hit, nil
}
