package metrics

import (
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// RootMeanSquaredError is Keras's RootMeanSquaredError: the square root of
// the mean of (yTrue − yPred)² over all values seen. It is an Accumulator:
// over an epoch it is the root of the epoch's mean, not the mean of the
// batches' roots.
type RootMeanSquaredError struct{}

// Name returns "root_mean_squared_error".
func (RootMeanSquaredError) Name() string { return "root_mean_squared_error" }

// Statistics returns [Σ(yTrue − yPred)², number of values].
func (m RootMeanSquaredError) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	diff := graph.Sub(yp, yt)
	sq := graph.Sum(graph.Square(diff), nil, false)
	count := graph.Sum(graph.OnesLike(diff), nil, false)
	return finish(m.Name(), graph.Concat(0, graph.Reshape(sq, 1), graph.Reshape(count, 1)))
}

// Result returns √(sum / count).
func (RootMeanSquaredError) Result(sums []float64) float64 {
	if sums[1] == 0 {
		return 0
	}
	return math.Sqrt(sums[0] / sums[1])
}

// Call returns the root mean squared error of one batch.
func (m RootMeanSquaredError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Sqrt(graph.Mean(graph.Square(graph.Sub(yp, yt)), nil, false)))
}
