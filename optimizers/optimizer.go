// Package optimizers updates model weights from their gradients, with
// Keras's optimizers and defaults. Adding an optimizer is one file: a struct
// whose fields are its configuration and an Apply method that builds its
// update ops.
//
// Every optimizer has the options of Keras's base optimizer as fields, each
// off at its zero value (AdamW alone gives WeightDecay a default):
// ClipNorm (clipnorm: each weight's gradient scaled to an L2 norm of at
// most ClipNorm), ClipValue (clipvalue: every gradient element limited to
// [−ClipValue, ClipValue]), GlobalClipNorm (global_clipnorm: all gradients
// scaled by one factor to a joint norm of at most GlobalClipNorm; at most
// one of the three may be set) and WeightDecay (weight_decay: every weight
// w becomes w − w·WeightDecay·lr before each step, decoupled from the
// gradient). Apply clips with graph ops before the update and adds each
// weight's decay (graph.ApplyWeightDecay) ahead of its update, so that the
// decay runs first, as in Keras.
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
