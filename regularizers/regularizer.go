// Package regularizers adds weight penalties to a model's loss, as Keras's
// kernel_regularizer and bias_regularizer do.
package regularizers

import "github.com/neurite/neurite/graph"

// Regularizer returns the scalar penalty for a weight, a node that the model
// adds to its training loss.
type Regularizer interface {
	Penalty(w *graph.Node) *graph.Node
}
