package metrics_test

import (
	"math"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// identityModel returns a model whose predictions are its inputs: a
// Dense layer of width c with an identity kernel and no bias.
func identityModel(t *testing.T, c int, ms ...metrics.Metric) *models.Sequential {
	t.Helper()
	d := &layers.Dense{Units: c, NoBias: true}
	m := models.MustSequential(&layers.InputLayer{Shape: []int{c}}, d)
	if err := m.Compile(&optimizers.SGD{}, losses.MeanSquaredError{}, ms...); err != nil {
		t.Fatal(err)
	}
	eye := tensor.New(tensor.Float32, c, c)
	for i := range c {
		eye.Set(1, i, i)
	}
	if err := d.Kernel().Set(eye); err != nil {
		t.Fatal(err)
	}
	return m
}

// Every accumulated metric gives over an epoch of small batches exactly
// its value on the whole data as one batch, and FromLoss the mean over the
// samples.
func TestAccumulatedMetricsThroughAModel(t *testing.T) {
	one := 1
	cases := []struct {
		c      int
		ms     []metrics.Metric
		labels []float32
		preds  []float32
	}{
		{1, []metrics.Metric{metrics.Precision{}, metrics.Recall{}, metrics.AUC{}, metrics.AUC{Curve: "PR"},
			metrics.AUC{NumThresholds: 7, SummationMethod: "majoring"}, metrics.R2Score{},
			metrics.FromLoss(losses.BinaryCrossentropy{})},
			[]float32{0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1},
			[]float32{0.1, 0.8, 0.35, 0.6, 0.9, 0.05, 0.6, 0.45, 0.3, 0.2, 0.7}},
		{3, []metrics.Metric{metrics.F1Score{}, metrics.FBetaScore{Beta: 2, Threshold: 0.3, Average: "weighted"},
			metrics.F1Score{Average: "micro"}, metrics.Precision{TopK: 2}, metrics.Recall{ClassID: &one},
			metrics.MeanIoU{NumClasses: 3, DenseYTrue: true, DenseYPred: true}, metrics.R2Score{NumRegressors: 1},
			metrics.FromLoss(losses.CategoricalCrossentropy{})},
			[]float32{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0},
			[]float32{0.7, 0.2, 0.1, 0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.3, 0.4, 0.3, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6, 0.5, 0.4, 0.1}},
	}
	for _, c := range cases {
		n := len(c.labels) / c.c
		x, y := tensor.FromSlice(c.preds, n, c.c), tensor.FromSlice(c.labels, n, c.c)
		m := identityModel(t, c.c, c.ms...)
		whole, err := m.Evaluate(x, y, models.EvaluateOptions{BatchSize: n, Verbose: models.Silent})
		if err != nil {
			t.Fatal(err)
		}
		for _, bs := range []int{2, 3} {
			got, err := m.Evaluate(x, y, models.EvaluateOptions{BatchSize: bs, Verbose: models.Silent})
			if err != nil {
				t.Fatal(err)
			}
			for k, name := range m.MetricsNames() {
				if math.Abs(got[k]-whole[k]) > 2e-6*math.Max(1, math.Abs(whole[k])) {
					t.Errorf("%s: batches of %d give %.9g, one batch %.9g", name, bs, got[k], whole[k])
				}
			}
		}
		// The batches must differ, or the test proves nothing: the metric
		// of the first two samples alone is not the whole's.
		part, err := m.Evaluate(tensor.FromSlice(c.preds[:2*c.c], 2, c.c), tensor.FromSlice(c.labels[:2*c.c], 2, c.c), models.EvaluateOptions{Verbose: models.Silent})
		if err == nil && part[1] == whole[1] && part[2] == whole[2] {
			t.Errorf("the first batch alone gives the whole's values %v", whole)
		}
	}
}
