package metrics

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/tensor"
)

// evalMasked runs Masked(m, mask) on one batch: it checks that Call agrees
// with Result of the statistics and returns that result.
func evalMasked(t *testing.T, m Metric, yTrue, yPred, mask *tensor.Tensor) float64 {
	t.Helper()
	g, yt, yp := placeholders(yTrue, yPred)
	mk := g.Placeholder("mask", mask.DType(), batchShape(mask)...)
	acc, err := Masked(m, mk)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	stats, err := acc.Statistics(yt, yp)
	if err != nil {
		t.Fatalf("%s: Statistics: %v", m.Name(), err)
	}
	call, err := acc.Call(yt, yp)
	if err != nil {
		t.Fatalf("%s: Call: %v", m.Name(), err)
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{yt: yTrue, yp: yPred, mk: mask}, stats, call)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	got := acc.Result(out[0].Values())
	if math.Abs(out[1].Item()-got) > 1e-6 {
		t.Errorf("%s: Call gives %v, Result %v", m.Name(), out[1].Item(), got)
	}
	return got
}

// Over sequences (2 samples, 3 steps), a masked metric is the mean of the
// per-step values the mask keeps, as Keras weighs a metric by y_pred's
// mask; with every step kept it is the metric itself. The values by hand:
// the per-step absolute errors are |0.5−0|, |0−1|, |2−0| for sample 0 and
// |1−1|, |3−0|, |0−0| for sample 1, the kept steps (0, 1) and (3) give
// (0.5 + 1 + 3)/3 = 1.5.
func TestMaskedMetricKnownValues(t *testing.T) {
	yt := f32([]float32{0, 1, 0, 1, 0, 0}, 2, 3, 1)
	yp := f32([]float32{0.5, 0, 2, 1, 3, 0}, 2, 3, 1)
	mask := f32([]float32{1, 1, 0, 0, 1, 0}, 2, 3)
	if got := evalMasked(t, MeanAbsoluteError{}, yt, yp, mask); math.Abs(got-1.5) > 1e-7 {
		t.Errorf("masked mae = %v, want 1.5", got)
	}
	// Binary accuracy at 0.5: steps 0 (0.5 is not above 0.5: predicts 0,
	// label 0, hit), 1 (miss) and 4 (predicts 1, label 0, miss) are kept.
	if got := evalMasked(t, BinaryAccuracy{}, yt, yp, mask); math.Abs(got-1.0/3) > 1e-7 {
		t.Errorf("masked binary accuracy = %v, want 1/3", got)
	}
	none := f32([]float32{0, 0, 0, 0, 0, 0}, 2, 3)
	if got := evalMasked(t, MeanSquaredError{}, yt, yp, none); got != 0 {
		t.Errorf("nothing kept: %v, want 0", got)
	}

	// Every metric that gives per-sample values equals its own Call when
	// the mask keeps everything.
	probs := f32([]float32{0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4, 0.6, 0.1, 0.3}, 2, 2, 3)
	oneHot := f32([]float32{0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0}, 2, 2, 3)
	sparse := f32([]float32{1, 2, 0, 0}, 2, 2)
	all := f32([]float32{1, 1, 1, 1}, 2, 2)
	for _, c := range []struct {
		m     Metric
		yTrue *tensor.Tensor
	}{
		{CategoricalAccuracy{}, oneHot},
		{SparseCategoricalAccuracy{}, sparse},
		{TopKCategoricalAccuracy{K: 2}, oneHot},
		{SparseTopKCategoricalAccuracy{K: 2}, sparse},
		{MeanSquaredError{}, oneHot},
		{Named{Metric: MeanAbsoluteError{}, As: "mae"}, oneHot},
		{LossMetric{Loss: losses.CategoricalCrossentropy{}}, oneHot},
	} {
		want := evalMetric(t, c.m, c.yTrue, probs)
		if got := evalMasked(t, c.m, c.yTrue, probs, all); math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: masked with all ones %v, unmasked %v", c.m.Name(), got, want)
		}
	}
	// Sparse accuracy with the second sample masked: sample 0's steps
	// predict 1 (label 1, hit) and 0 (label 2, miss).
	half := f32([]float32{1, 1, 0, 0}, 2, 2)
	if got := evalMasked(t, SparseCategoricalAccuracy{}, sparse, probs, half); math.Abs(got-0.5) > 1e-7 {
		t.Errorf("masked sparse accuracy = %v, want 0.5", got)
	}
}

// A metric without per-sample values cannot be masked, and a mask that
// does not fit the values is an error naming both shapes.
func TestMaskedErrors(t *testing.T) {
	g := graph.New()
	mask := g.Placeholder("mask", tensor.Float32, graph.Unknown, 3)
	if _, err := Masked(Precision{}, mask); err == nil || !strings.Contains(err.Error(), "precision") {
		t.Errorf("Masked(Precision): %v, want an error naming it", err)
	}
	acc, err := Masked(MeanAbsoluteError{}, mask)
	if err != nil {
		t.Fatal(err)
	}
	yt := g.Placeholder("y_true", tensor.Float32, graph.Unknown, 4, 2)
	yp := g.Placeholder("y_pred", tensor.Float32, graph.Unknown, 4, 2)
	_, err = acc.Call(yt, yp)
	if err == nil || !strings.Contains(err.Error(), "(None, 3)") || !strings.Contains(err.Error(), "(None, 4)") {
		t.Errorf("misfit mask: %v, want an error naming (None, 3) and (None, 4)", err)
	}
}
