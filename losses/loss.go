// Package losses holds Keras's loss functions. Each computes the mean of a
// per-sample loss over the batch (Keras's default "sum over batch size"
// reduction) as a scalar graph node.
package losses

import "github.com/neurite/neurite/graph"

// Loss builds the scalar training loss from the labels and the model's
// predictions. It returns an error naming the loss and both shapes when the
// labels do not fit (for example one-hot labels given to a sparse loss).
type Loss interface {
	// Name returns the Keras name, such as "mean_squared_error".
	Name() string
	// Call returns the batch mean of the loss.
	Call(yTrue, yPred *graph.Node) (*graph.Node, error)
}
