// Package optimizers updates model weights from their gradients, with
// Keras's optimizers and defaults. Adding an optimizer is one file: a struct
// whose fields are its configuration and an Apply method that builds its
// update ops.
package optimizers

import "github.com/neurite/neurite/graph"

// Optimizer builds the ops that update weights from their gradients.
type Optimizer interface {
	// Name returns the Keras name, such as "Adam".
	Name() string
	// Apply adds to the graph of params the ops that update each param from
	// the gradient at the same index (creating the optimizer's own state,
	// such as Adam's moments, on first use) and returns one node that runs
	// them all. Fetching it once performs one training step.
	Apply(params, grads []*graph.Node) (*graph.Node, error)
	// LearningRateValue returns the learning rate in use now.
	LearningRateValue() float64
	// SetLearningRate changes the learning rate used by later steps.
	SetLearningRate(lr float64) error
}
