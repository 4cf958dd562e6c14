package metrics

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/tensor"
)

func TestResolveAccuracy(t *testing.T) {
	const u = graph.Unknown
	cases := []struct {
		name           string
		loss           losses.Loss
		tDType         tensor.DType
		tShape, pShape []int
		want           Metric
	}{
		{"binary loss, 3 outputs", losses.BinaryCrossentropy{}, tensor.Float32, []int{u, 3}, []int{u, 3}, BinaryAccuracy{}},
		{"one output, mse", losses.MeanSquaredError{}, tensor.Float32, []int{u, 1}, []int{u, 1}, BinaryAccuracy{}},
		{"one output, labels (N,)", nil, tensor.Float32, []int{u}, []int{u, 1}, BinaryAccuracy{}},
		{"sparse loss", losses.SparseCategoricalCrossentropy{FromLogits: true}, tensor.Int64, []int{u}, []int{u, 3}, SparseCategoricalAccuracy{}},
		{"labels (N,)", nil, tensor.Int64, []int{u}, []int{u, 3}, SparseCategoricalAccuracy{}},
		{"labels (N, 1)", losses.MeanSquaredError{}, tensor.Float32, []int{u, 1}, []int{u, 3}, SparseCategoricalAccuracy{}},
		{"one-hot", losses.CategoricalCrossentropy{}, tensor.Float32, []int{u, 3}, []int{u, 3}, CategoricalAccuracy{}},
		{"one-hot, no loss", nil, tensor.Float32, []int{u, 3}, []int{u, 3}, CategoricalAccuracy{}},
	}
	for _, c := range cases {
		g := graph.New()
		yt := g.Placeholder("y_true", c.tDType, c.tShape...)
		yp := g.Placeholder("y_pred", tensor.Float32, c.pShape...)
		for _, m := range []Metric{Accuracy{}, &Accuracy{}, Named{Metric: Accuracy{}, As: "acc"}} {
			got := Resolve(m, c.loss, yt, yp)
			n, ok := got.(Named)
			if !ok || n.Metric != c.want {
				t.Errorf("%s: Resolve(%s) = %s, want Named{%T}", c.name, describe(m), describe(got), c.want)
				continue
			}
			if got.Name() != m.Name() {
				t.Errorf("%s: resolved name %q, want the user's %q", c.name, got.Name(), m.Name())
			}
		}
	}
}

func TestResolveLeavesOtherMetrics(t *testing.T) {
	g := graph.New()
	yt := g.Placeholder("y_true", tensor.Float32, graph.Unknown, 1)
	yp := g.Placeholder("y_pred", tensor.Float32, graph.Unknown, 1)
	for _, m := range []Metric{MeanAbsoluteError{}, Named{Metric: MeanSquaredError{}, As: "mse"},
		CategoricalAccuracy{}, BinaryAccuracy{Threshold: 0.3}} {
		if got := Resolve(m, losses.BinaryCrossentropy{}, yt, yp); got != m {
			t.Errorf("Resolve(%s) = %s, want it unchanged", describe(m), describe(got))
		}
	}
}
