package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

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
