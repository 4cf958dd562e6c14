package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

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

// Every per-sample loss here averages over the last axis, and the batch
// reduction averages those: since every sample has the same number of
// elements, the two means are one graph.Mean over all axes.
