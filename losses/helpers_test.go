package losses

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

// batchShape is t's shape with the batch dimension unknown, as a model's
// label placeholder and outputs have it.
func batchShape(t *tensor.Tensor) []int {
	s := append([]int(nil), t.Shape()...)
	if len(s) > 0 {
		s[0] = graph.Unknown
	}
	return s
}

// evalLoss builds l on placeholders shaped like yTrue and yPred (batch
// unknown), runs it and returns the scalar.
func evalLoss(t *testing.T, l Loss, yTrue, yPred *tensor.Tensor) float64 {
	t.Helper()
	v, err := tryLoss(l, yTrue, yPred)
	if err != nil {
		t.Fatalf("%s: %v", l.Name(), err)
	}
	return v
}

// tryLoss is evalLoss returning build and run errors.
func tryLoss(l Loss, yTrue, yPred *tensor.Tensor) (float64, error) {
	g := graph.New()
	yt := g.Placeholder("y_true", yTrue.DType(), batchShape(yTrue)...)
	yp := g.Placeholder("y_pred", yPred.DType(), batchShape(yPred)...)
	loss, err := l.Call(yt, yp)
	if err != nil {
		return 0, err
	}
	if len(loss.Shape()) != 0 {
		return 0, fmt.Errorf("loss has shape %v, want a scalar", loss.Shape())
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{yt: yTrue, yp: yPred}, loss)
	if err != nil {
		return 0, err
	}
	if out[0].DType() != yPred.DType() {
		return 0, fmt.Errorf("loss has dtype %v, want %v", out[0].DType(), yPred.DType())
	}
	return out[0].Item(), nil
}

// buildErr builds l on placeholders of the given static shapes and returns
// the error Call gives, checking that it leaves the graph usable.
func buildErr(t *testing.T, l Loss, tDType tensor.DType, tShape []int, pShape []int) error {
	t.Helper()
	g := graph.New()
	yt := g.Placeholder("y_true", tDType, tShape...)
	yp := g.Placeholder("y_pred", tensor.Float32, pShape...)
	loss, err := l.Call(yt, yp)
	if err == nil {
		t.Fatalf("%s: labels %v, predictions %v: no error (got %v)", l.Name(), tShape, pShape, loss)
	}
	if g.Err() != nil {
		t.Errorf("%s: a label mistake poisoned the graph: %v", l.Name(), g.Err())
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

// evalValues builds l on placeholders shaped like yTrue and yPred (batch
// unknown), runs it and returns the result, of any shape, with its static
// shape.
func evalValues(t *testing.T, l Loss, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, tensor.Shape) {
	t.Helper()
	g := graph.New()
	yt := g.Placeholder("y_true", yTrue.DType(), batchShape(yTrue)...)
	yp := g.Placeholder("y_pred", yPred.DType(), batchShape(yPred)...)
	loss, err := l.Call(yt, yp)
	if err != nil {
		t.Fatalf("%s: %v", l.Name(), err)
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{yt: yTrue, yp: yPred}, loss)
	if err != nil {
		t.Fatalf("%s: %v", l.Name(), err)
	}
	return out[0], loss.Shape()
}

// rows builds a float64 tensor from equal-length rows.
func rows(r ...[]float64) *tensor.Tensor {
	var data []float64
	for _, row := range r {
		data = append(data, row...)
	}
	return tensor.FromSlice(data, len(r), len(r[0]))
}

// perRow applies ref to each row of y and p (float64 tensors of rank 2
// with as many rows).
func perRow(y, p *tensor.Tensor, ref func(y, p []float64) float64) []float64 {
	n, dy, dp := y.Shape()[0], y.Shape()[1], p.Shape()[1]
	out := make([]float64, n)
	for i := range out {
		out[i] = ref(y.Float64s()[i*dy:(i+1)*dy], p.Float64s()[i*dp:(i+1)*dp])
	}
	return out
}

// meanOf returns the mean of f applied to the pairs of y and p.
func meanOf(y, p []float64, f func(y, p float64) float64) float64 {
	s := 0.0
	for i := range y {
		s += f(y[i], p[i])
	}
	return s / float64(len(y))
}
