package metrics

import (
	"errors"

	"github.com/neurite/neurite/graph"
)

// Named shows a metric under another name in logs and History, as Keras
// shows the name the user gave: compile(metrics=['mae']) logs "mae", not
// "mean_absolute_error". [Get] returns metrics wrapped this way for
// aliases; it computes exactly what the wrapped metric does.
type Named struct {
	// Metric is the metric computed.
	Metric Metric
	// As is the name shown; empty means the wrapped metric's own name.
	As string
}

// Name returns As, or the wrapped metric's name if As is empty.
func (n Named) Name() string {
	if n.As == "" && n.Metric != nil {
		return n.Metric.Name()
	}
	return n.As
}

// Call returns the wrapped metric's batch mean.
func (n Named) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if n.Metric == nil {
		return nil, errors.New("metrics: Named " + n.As + ": the wrapped metric is nil")
	}
	return n.Metric.Call(yTrue, yPred)
}
