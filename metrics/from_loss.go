package metrics

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
)

// LossMetric shows the mean of a loss as a metric, as Keras's
// MeanMetricWrapper does for a loss function given in metrics: each
// sample's loss (the loss's per-sample values, whatever its Reduction)
// averaged over the batch, and over an epoch weighted by batch size, so
// that the epoch value is the mean over every sample. It is named after
// the loss. A loss without a Reduction field (see [losses.Unreduced]) is
// used as it is and must return a scalar batch mean.
type LossMetric struct {
	// Loss is the loss averaged.
	Loss losses.Loss
}

// FromLoss returns the metric giving the mean of loss over the samples,
// named as the loss is (Keras's MeanMetricWrapper).
func FromLoss(loss losses.Loss) LossMetric { return LossMetric{Loss: loss} }

// Name returns the loss's name.
func (m LossMetric) Name() string {
	if m.Loss == nil {
		return "loss_metric"
	}
	return m.Loss.Name()
}

// Call returns the mean over the batch of the samples' losses.
func (m LossMetric) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if m.Loss == nil {
		return nil, errors.New("metrics: LossMetric: the loss is nil")
	}
	perSample, _, err := losses.Unreduced(m.Loss)
	if err != nil {
		v, err := m.Loss.Call(yTrue, yPred)
		if err != nil {
			return nil, err
		}
		if len(v.Shape()) != 0 {
			return nil, fmt.Errorf("metrics: %s: the loss gave shape %v, want a scalar batch mean", m.Name(), v.Shape())
		}
		return v, nil
	}
	v, err := perSample.Call(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Mean(v, nil, false))
}

// Values returns the loss's per-sample values (see [Valued]); a loss
// without a Reduction field has none, an error.
func (m LossMetric) Values(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if m.Loss == nil {
		return nil, errors.New("metrics: LossMetric: the loss is nil")
	}
	perSample, _, err := losses.Unreduced(m.Loss)
	if err != nil {
		return nil, fmt.Errorf("metrics: %s: %w", m.Name(), err)
	}
	return perSample.Call(yTrue, yPred)
}
