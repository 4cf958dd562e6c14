// Package losses holds Keras's loss functions. Each computes a per-sample
// loss and reduces it over the batch by its Reduction field: by default
// the mean (Keras's "sum_over_batch_size"), a scalar graph node; "sum"
// gives the sum and "none" the per-sample values (see [Reduction]). Models
// train on the scalar reductions. [Get] resolves Keras's names and
// aliases; any type implementing [Loss] is a custom loss.
package losses

import "github.com/neurite/neurite/graph"

// Loss builds the scalar training loss from the labels and the model's
// predictions. It returns an error naming the loss and both shapes when the
// labels do not fit (for example one-hot labels given to a sparse loss).
type Loss interface {
	// Name returns the Keras name, such as "mean_squared_error".
	Name() string
	// Call returns the loss reduced over the batch: by default its batch
	// mean, a scalar.
	Call(yTrue, yPred *graph.Node) (*graph.Node, error)
}
