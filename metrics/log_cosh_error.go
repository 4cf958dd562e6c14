package metrics

import (
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// LogCoshError is Keras's LogCoshError metric (resolved from
// "log_cosh_error"; its default name in Keras is "logcosh"): the batch
// mean of mean(log(cosh(y_pred − y_true)), axis=-1), computed as Keras
// does, x + softplus(−2x) − log 2, which stays finite where cosh
// overflows. Labels are fitted to the predictions as for
// [MeanSquaredError].
type LogCoshError struct{}

// Name returns "logcosh", Keras's default name for the metric.
func (LogCoshError) Name() string { return "logcosh" }

// Call returns the batch mean of the log-cosh error.
func (m LogCoshError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := yp.Graph()
	x := graph.Sub(yp, yt)
	elem := graph.Sub(graph.Add(x, graph.Softplus(graph.Mul(x, g.Scalar(-2)))), g.Scalar(math.Ln2))
	return finish(m.Name(), graph.Mean(elem, nil, false))
}
