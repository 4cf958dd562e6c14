package losses

import (
	"math"

	"github.com/neurite/neurite/graph"
)

// LogCosh is Keras's keras.losses.LogCosh: the per-sample loss is
// mean(log(cosh(x)), axis=-1) of the error x = y_pred − y_true, reduced
// over the batch by Reduction (averaged by default). It is computed as
// Keras does, x + softplus(−2x) − log 2, which stays finite for large |x|
// (where cosh overflows). Labels are fitted to the predictions as for
// [MeanSquaredError].
type LogCosh struct {
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "log_cosh".
func (LogCosh) Name() string { return "log_cosh" }

// Call returns the log-cosh loss reduced by l.Reduction.
func (l LogCosh) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := p.Graph()
	x := graph.Sub(p, y)
	elem := graph.Sub(graph.Add(x, graph.Softplus(graph.Mul(x, g.Scalar(-2)))), g.Scalar(math.Ln2))
	return reduceMeanLast(l.Name(), l.Reduction, elem)
}
