package losses

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestLossGradients checks, in float64, that every loss is differentiable
// with respect to the predictions (as a model's update step needs) and
// that its gradient agrees with central differences. Predictions keep
// clear of the clipping bounds, where the derivative has a kink.
func TestLossGradients(t *testing.T) {
	probs := tensor.FromSlice([]float64{0.2, 0.5, 0.3, 0.6, 0.1, 0.3}, 2, 3)
	logits := tensor.FromSlice([]float64{0.4, -1.2, 2.0, 0.0, 0.7, -0.3}, 2, 3)
	oneHot := tensor.FromSlice([]float64{0, 1, 0, 0, 0, 1}, 2, 3)
	classes := tensor.FromSlice([]int64{1, 2}, 2, 1)
	column := tensor.FromSlice([]float64{0.3, 0.8}, 2, 1)
	cases := []struct {
		loss        Loss
		yTrue, pred *tensor.Tensor
	}{
		{MeanSquaredError{}, oneHot, logits},
		{MeanAbsoluteError{}, oneHot, probs},
		{MeanSquaredError{}, tensor.FromSlice([]float64{1, 0}, 2), column},
		{BinaryCrossentropy{}, oneHot, probs},
		{BinaryCrossentropy{FromLogits: true}, oneHot, logits},
		{CategoricalCrossentropy{}, oneHot, probs},
		{CategoricalCrossentropy{FromLogits: true}, oneHot, logits},
		{SparseCategoricalCrossentropy{}, classes, probs},
		{SparseCategoricalCrossentropy{FromLogits: true}, classes, logits},
	}
	for _, c := range cases {
		g := graph.New()
		yt := g.Placeholder("y_true", c.yTrue.DType(), batchShape(c.yTrue)...)
		p := g.Variable("p", c.pred)
		loss, err := c.loss.Call(yt, p)
		if err != nil {
			t.Fatalf("%s: %v", c.loss.Name(), err)
		}
		grad := graph.Gradients(loss, p)[0]
		if g.Err() != nil || grad == nil {
			t.Fatalf("%s: gradient %v: %v", c.loss.Name(), grad, g.Err())
		}
		sess := graph.NewSession(g)
		feeds := graph.Feeds{yt: c.yTrue}
		out, err := sess.Run(feeds, grad)
		if err != nil {
			t.Fatalf("%s: %v", c.loss.Name(), err)
		}
		const h = 1e-6
		x := c.pred.Clone()
		for i := range x.Float64s() {
			at := func(v float64) float64 {
				x.Float64s()[i] = v
				feeds[p] = x
				r, err := sess.Run(feeds, loss)
				if err != nil {
					t.Fatalf("%s: %v", c.loss.Name(), err)
				}
				return r[0].Item()
			}
			v := c.pred.Float64s()[i]
			numeric := (at(v+h) - at(v-h)) / (2 * h)
			x.Float64s()[i] = v
			if got := out[0].Float64s()[i]; math.Abs(got-numeric) > 1e-6*math.Max(1, math.Abs(numeric)) {
				t.Errorf("%s: d/dp[%d] = %.9g, numeric %.9g", c.loss.Name(), i, got, numeric)
			}
		}
	}
}
