package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// Valued is implemented by the metrics that are the mean of one value per
// sample (Keras's metric functions, which MeanMetricWrapper averages):
// accuracies, mean errors, a loss shown as a metric. Values returns those
// values before the mean — of shape (batch,) for predictions (batch, d),
// (batch, timesteps) for sequences (batch, timesteps, d), or flattened to
// one axis by the sparse metrics — so that the entries of a masked output
// can be left out ([Masked]).
type Valued interface {
	Metric
	// Values returns the per-sample values whose mean Call returns.
	Values(yTrue, yPred *graph.Node) (*graph.Node, error)
}

// Masked returns metric m counted only where mask, the mask of the
// predictions (1 for the entries to count, 0 for padding; of shape
// (batch, timesteps) for a sequence output), is 1, as Keras applies a
// prediction's mask to a metric as sample weights: the metric is
// sum(values·mask) / sum(mask) over the epoch (0 while nothing is
// counted). It is an Accumulator, so that the epoch value weighs every
// counted entry once, however the entries fall into batches. m must be
// [Valued] (possibly wrapped in [Named]); another metric is an error.
func Masked(m Metric, mask *graph.Node) (Accumulator, error) {
	inner := m
	for {
		if v, ok := inner.(Valued); ok {
			return masked{name: m.Name(), v: v, mask: mask}, nil
		}
		n, ok := inner.(Named)
		if !ok {
			return nil, fmt.Errorf("metrics: %s cannot leave out the masked entries of the predictions: it gives no per-sample values", m.Name())
		}
		inner = n.Metric
	}
}

// masked is a Valued metric counted where mask is 1.
type masked struct {
	name string
	v    Valued
	mask *graph.Node
}

// Name returns the wrapped metric's name.
func (m masked) Name() string { return m.name }

// Statistics returns [sum(values·mask), sum(mask)].
func (m masked) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	sum, count, err := m.sums(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.name, graph.Concat(0, graph.Reshape(sum, 1), graph.Reshape(count, 1)))
}

// Call returns the batch's masked mean (0 when every entry is masked).
func (m masked) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	sum, count, err := m.sums(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.name, graph.Div(sum, graph.Maximum(count, count.Graph().Scalar(1))))
}

// Result returns sums[0] / sums[1], or 0 when nothing was counted.
func (masked) Result(sums []float64) float64 {
	if sums[1] == 0 {
		return 0
	}
	return sums[0] / sums[1]
}

// sums returns sum(values·mask) and sum(mask).
func (m masked) sums(yTrue, yPred *graph.Node) (sum, count *graph.Node, err error) {
	values, err := m.v.Values(yTrue, yPred)
	if err != nil {
		return nil, nil, err
	}
	mk, err := AlignMask(what(m.name), m.mask, values)
	if err != nil {
		return nil, nil, err
	}
	return graph.Sum(graph.Mul(values, mk), nil, false), graph.Sum(mk, nil, false), nil
}

// AlignMask returns mask in values' dtype, shaped to multiply values, the
// per-sample values of a loss or metric on predictions that carry mask
// (what names it in errors), as Keras's squeeze_or_expand_to_same_rank fits them: a mask of
// values' shape as it is; with a last axis of size 1 more or less than
// values, that axis dropped or added; and, for values flattened to one
// axis (the sparse metrics), flattened too. Any other pair of shapes is an
// error naming both.
func AlignMask(what string, mask, values *graph.Node) (*graph.Node, error) {
	m := graph.Cast(mask, values.DType())
	ms, vs := mask.Shape(), values.Shape()
	switch {
	case labels.Compatible(ms, vs):
		return m, nil
	case len(ms) == len(vs)+1 && ms[len(ms)-1] == 1 && labels.Compatible(ms[:len(vs)], vs):
		return graph.Squeeze(m, -1), nil
	case len(vs) == len(ms)+1 && vs[len(vs)-1] == 1 && labels.Compatible(ms, vs[:len(ms)]):
		return graph.ExpandDims(m, -1), nil
	case len(vs) == 1 && len(ms) > 1:
		return graph.Reshape(m, -1), nil
	}
	return nil, fmt.Errorf("%s: the predictions' mask of shape %s does not fit the per-sample values of shape %s",
		what, labels.Shape(ms), labels.Shape(vs))
}

// meanLast returns the mean of x over its last axis (Keras's per-sample
// value of an elementwise metric); rank-1 x is per-sample already.
func meanLast(x *graph.Node) *graph.Node {
	if len(x.Shape()) < 2 {
		return x
	}
	return graph.Mean(x, []int{-1}, false)
}
