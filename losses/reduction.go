package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// Reduction is how a loss turns its per-sample values into what Call
// returns, as Keras's reduction argument does. Every loss here has a
// Reduction field; its zero value, "", means [ReductionSumOverBatchSize],
// Keras's default.
//
// A loss's per-sample values are those Keras's loss function returns: the
// predictions' shape without the axis the loss reduces (the last axis, or
// the Axis of [CategoricalCrossentropy] and [CosineSimilarity]), so
// (batch,) for predictions (batch, d) and (batch, t) for predictions
// (batch, t, d). Predictions of shape (batch,) count each element as one
// sample, as if they were (batch, 1).
//
// Models train on a scalar: they use [ReductionSumOverBatchSize] or
// [ReductionSum]. [ReductionNone] is for calling a loss directly.
type Reduction string

const (
	// ReductionSumOverBatchSize ("sum_over_batch_size", Keras's default)
	// returns the mean of the per-sample values: their sum divided by
	// their number.
	ReductionSumOverBatchSize Reduction = "sum_over_batch_size"
	// ReductionSum ("sum") returns the sum of the per-sample values.
	ReductionSum Reduction = "sum"
	// ReductionNone ("none") returns the per-sample values themselves.
	ReductionNone Reduction = "none"
)

// check returns an error naming the loss unless r is a known reduction.
func (r Reduction) check(name string) error {
	switch r {
	case "", ReductionSumOverBatchSize, ReductionSum, ReductionNone:
		return nil
	}
	return fmt.Errorf("losses: %s: unknown reduction %q (want %q, %q or %q)",
		name, string(r), ReductionSumOverBatchSize, ReductionSum, ReductionNone)
}

// reduce applies r to per-sample values and returns the result, or the
// graph's error wrapped with the loss's name.
func reduce(name string, r Reduction, values *graph.Node) (*graph.Node, error) {
	switch r {
	case ReductionSum:
		values = graph.Sum(values, nil, false)
	case ReductionNone:
	default:
		values = graph.Mean(values, nil, false)
	}
	return finish(name, values)
}

// reduceMeanLast reduces elementwise losses whose per-sample value is
// their mean over the last axis (every elementwise loss in Keras). Since
// every sample has as many elements, the default reduction is one mean
// over all of them. Rank-1 values are per-sample already.
func reduceMeanLast(name string, r Reduction, elem *graph.Node) (*graph.Node, error) {
	if len(elem.Shape()) < 2 || r == "" || r == ReductionSumOverBatchSize {
		return reduce(name, r, elem)
	}
	return reduce(name, r, graph.Mean(elem, []int{-1}, false))
}
