package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/regularizers"
)

// ActivityRegularized is a layer whose outputs are penalised, as by Keras's
// activity_regularizer: after the layer's Call, CallLayer adds to the loss
// (through AddLoss, in the training and the inference pass alike, as Keras
// does) the regularizer's penalty of each output divided by the output's
// batch size (its first dimension; a batch of 0 gives 0, as Keras's
// divide_no_nan). A nil regularizer adds nothing. Dense, the convolutions,
// the recurrent layers and Embedding have an ActivityRegularizer field.
type ActivityRegularized interface {
	// ActivityRegularization returns the regularizer of the outputs, or
	// nil.
	ActivityRegularization() regularizers.Regularizer
}

// addActivityLosses adds the activity penalties of l's outputs, if l is
// ActivityRegularized.
func addActivityLosses(ctx *Context, l Layer, out []*graph.Node) error {
	ar, ok := l.(ActivityRegularized)
	if !ok {
		return nil
	}
	reg := ar.ActivityRegularization()
	if reg == nil {
		return nil
	}
	for _, y := range out {
		if !y.DType().IsFloat() {
			continue
		}
		loss := reg.Penalty(y)
		if y.Shape().Rank() > 0 && loss != nil {
			loss = graph.Div(loss, batchSize(y))
		}
		if err := ctx.AddLoss(loss); err != nil {
			return err
		}
	}
	return ctx.Graph.Err()
}

// batchSize returns the first dimension of y, at least 1, as a scalar of
// y's dtype: the sum of ones over y's first column.
func batchSize(y *graph.Node) *graph.Node {
	col := y
	for axis := 1; axis < y.Shape().Rank(); axis++ {
		col = graph.Slice(col, axis, 0, 1)
	}
	n := graph.Sum(graph.OnesLike(col), nil, false)
	return graph.Maximum(n, y.Graph().Scalar(1))
}
