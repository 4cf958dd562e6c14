package metrics

import "github.com/neurite/neurite/graph"

// Accumulator is a metric that is not a mean over samples — precision, a
// root mean square — and so cannot be averaged batch by batch. For each
// batch it computes statistics (counts, sums) whose sums over all batches
// determine the metric exactly; Result turns those sums into the value.
// Models accumulate the statistics over an epoch (Keras's stateful
// metrics); Call still gives the value on one batch.
type Accumulator interface {
	Metric
	// Statistics returns a float node of fixed shape holding the batch's
	// statistics.
	Statistics(yTrue, yPred *graph.Node) (*graph.Node, error)
	// Result returns the metric from the sums of the statistics over
	// batches, in the order of the statistics' elements.
	Result(sums []float64) float64
}

// AsAccumulator returns m as an Accumulator, looking through Named
// wrappers (a metric shown under another name accumulates as the metric it
// wraps); ok is false for mean-type metrics.
func AsAccumulator(m Metric) (acc Accumulator, ok bool) {
	for {
		if a, isAcc := m.(Accumulator); isAcc {
			return a, true
		}
		n, isNamed := m.(Named)
		if !isNamed {
			return nil, false
		}
		m = n.Metric
	}
}
