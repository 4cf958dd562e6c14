package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// meanLastAxis averages x over its last axis, as Keras's per-sample metric
// functions do with K.mean(…, axis=-1).
func meanLastAxis(x *graph.Node) *graph.Node {
	return graph.Mean(x, []int{len(x.Shape()) - 1}, false)
}

// batchMean averages per-sample values over every remaining axis, as
// Keras's MeanMetricWrapper does for one batch.
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

// finish returns the metric node, or the graph's error wrapped with the
// metric's name if building it failed.
func finish(name string, m *graph.Node) (*graph.Node, error) {
	if err := m.Graph().Err(); err != nil {
		return nil, fmt.Errorf("metrics: %s: %w", name, err)
	}
	return m, nil
}

// what prefixes a metric name for label errors.
func what(name string) string { return "metrics: " + name }
