// Package metrics holds Keras's metrics. A metric computes its batch mean
// as a graph node; models average it over an epoch weighted by batch size,
// as Keras does.
package metrics

import "github.com/neurite/neurite/graph"

// Metric builds a scalar node holding the metric's mean over a batch.
type Metric interface {
	// Name returns the name shown in logs and History, such as "mae".
	Name() string
	// Call returns the batch mean of the metric, or an error naming the
	// metric and both shapes when the labels do not fit.
	Call(yTrue, yPred *graph.Node) (*graph.Node, error)
}
