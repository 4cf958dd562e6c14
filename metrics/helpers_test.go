package metrics

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// f32 builds a float32 tensor.
func f32(data []float32, shape ...int) *tensor.Tensor { return tensor.FromSlice(data, shape...) }

// i64 builds an int64 tensor.
func i64(data []int64, shape ...int) *tensor.Tensor { return tensor.FromSlice(data, shape...) }

// batchShape is t's shape with the batch dimension unknown.
func batchShape(t *tensor.Tensor) []int {
	s := append([]int(nil), t.Shape()...)
	if len(s) > 0 {
		s[0] = graph.Unknown
	}
	return s
}

// placeholders adds label and prediction placeholders shaped like yTrue
// and yPred with the batch unknown.
func placeholders(yTrue, yPred *tensor.Tensor) (g *graph.Graph, yt, yp *graph.Node) {
	g = graph.New()
	yt = g.Placeholder("y_true", yTrue.DType(), batchShape(yTrue)...)
	yp = g.Placeholder("y_pred", yPred.DType(), batchShape(yPred)...)
	return g, yt, yp
}

// evalMetric builds m on placeholders, runs it and returns the scalar.
func evalMetric(t *testing.T, m Metric, yTrue, yPred *tensor.Tensor) float64 {
	t.Helper()
	g, yt, yp := placeholders(yTrue, yPred)
	v, err := m.Call(yt, yp)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	if len(v.Shape()) != 0 {
		t.Fatalf("%s has shape %v, want a scalar", m.Name(), v.Shape())
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{yt: yTrue, yp: yPred}, v)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	return out[0].Item()
}

// buildErr builds m on placeholders of the given static shapes and returns
// the error Call gives, checking that it leaves the graph usable.
func buildErr(t *testing.T, m Metric, tDType tensor.DType, tShape, pShape []int) error {
	t.Helper()
	g := graph.New()
	yt := g.Placeholder("y_true", tDType, tShape...)
	yp := g.Placeholder("y_pred", tensor.Float32, pShape...)
	_, err := m.Call(yt, yp)
	if err == nil {
		t.Fatalf("%s: labels %v, predictions %v: no error", m.Name(), tShape, pShape)
	}
	if g.Err() != nil {
		t.Errorf("%s: a label mistake poisoned the graph: %v", m.Name(), g.Err())
	}
	return err
}

// wantErrContains checks that err mentions every one of parts.
func wantErrContains(t *testing.T, err error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// near checks got against want to a relative tolerance suited to float32.
func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 2e-6*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.9g, want %.9g", what, got, want)
	}
}

// describe names a metric and what it wraps, for failure messages.
func describe(m Metric) string {
	if n, ok := m.(Named); ok {
		return fmt.Sprintf("Named{%T, %q}", n.Metric, n.As)
	}
	return fmt.Sprintf("%T", m)
}
