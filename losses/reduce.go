package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// meanLastAxis averages x over its last axis, as Keras's per-sample losses
// do with K.mean(…, axis=-1).
func meanLastAxis(x *graph.Node) *graph.Node {
	return graph.Mean(x, []int{len(x.Shape()) - 1}, false)
}

// batchMean averages per-sample losses over every remaining axis: Keras's
// default reduction, SUM_OVER_BATCH_SIZE, divides the sum of the
// per-sample losses by their number.
func batchMean(perSample *graph.Node) *graph.Node {
	r := len(perSample.Shape())
	if r == 0 {
		return perSample
	}
	axes := make([]int, r)
	for i := range axes {
		axes[i] = i
	}
	return graph.Mean(perSample, axes, false)
}

// finish returns the loss node, or the graph's error wrapped with the
// loss's name if building it failed.
func finish(name string, loss *graph.Node) (*graph.Node, error) {
	if err := loss.Graph().Err(); err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	return loss, nil
}

// what prefixes a loss name for label errors.
func what(name string) string { return "losses: " + name }
