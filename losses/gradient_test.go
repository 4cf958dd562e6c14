package losses

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestLossGradients checks, in float64, that every loss is differentiable
// with respect to the predictions (as a model's update step needs) and
// that its gradient agrees with central differences, under the default
// and the sum reduction. Predictions keep clear of the clipping bounds
// and of kinks (hinge margins of 0, ties in a max), where the derivative
// jumps.
func TestLossGradients(t *testing.T) {
	classes := tensor.FromSlice([]int64{1, 2}, 2, 1)
	column := tensor.FromSlice([]float64{0.3, 0.8}, 2, 1)
	cases := []catalogCase{
		{name: "mse column", loss: func(r Reduction) Loss { return MeanSquaredError{Reduction: r} },
			y: tensor.FromSlice([]float64{1, 0}, 2), p: column},
		{name: "mse logits", loss: func(r Reduction) Loss { return MeanSquaredError{Reduction: r} }, y: oneHot, p: logits},
		{name: "cce logits", loss: func(r Reduction) Loss { return CategoricalCrossentropy{FromLogits: true, Reduction: r} },
			y: oneHot, p: logits},
		{name: "scce logits", loss: func(r Reduction) Loss {
			return SparseCategoricalCrossentropy{FromLogits: true, Reduction: r}
		}, y: classes, p: logits},
		{name: "scce ignore 2", loss: func(r Reduction) Loss {
			return SparseCategoricalCrossentropy{IgnoreClass: new(2), Reduction: r}
		}, y: classes, p: probs},
		{name: "cosine axis -2", loss: func(r Reduction) Loss { return CosineSimilarity{Axis: -2, Reduction: r} },
			y: regTrue.Reshape(2, 3, 1), p: regPred.Reshape(2, 3, 1)},
	}
	for _, c := range append(cases, catalog()...) {
		if c.valuesOnly {
			continue
		}
		for _, r := range []Reduction{"", ReductionSum} {
			checkLossGradient(t, c.name+" "+string(r), c.loss(r), c.y, c.p)
		}
	}
}

// checkLossGradient compares the gradient of l with respect to the
// predictions with central differences.
func checkLossGradient(t *testing.T, name string, l Loss, yTrue, pred *tensor.Tensor) {
	t.Helper()
	g := graph.New()
	yt := g.Placeholder("y_true", yTrue.DType(), batchShape(yTrue)...)
	p := g.Variable("p", pred)
	loss, err := l.Call(yt, p)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	grad := graph.Gradients(loss, p)[0]
	if g.Err() != nil || grad == nil {
		t.Fatalf("%s: gradient %v: %v", name, grad, g.Err())
	}
	sess := graph.NewSession(g)
	feeds := graph.Feeds{yt: yTrue}
	out, err := sess.Run(feeds, grad)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	const h = 1e-6
	x := pred.Clone()
	for i := range x.Float64s() {
		at := func(v float64) float64 {
			x.Float64s()[i] = v
			feeds[p] = x
			r, err := sess.Run(feeds, loss)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return r[0].Item()
		}
		v := pred.Float64s()[i]
		numeric := (at(v+h) - at(v-h)) / (2 * h)
		x.Float64s()[i] = v
		if got := out[0].Float64s()[i]; math.Abs(got-numeric) > 1e-6*math.Max(1, math.Abs(numeric)) {
			t.Errorf("%s: d/dp[%d] = %.9g, numeric %.9g", name, i, got, numeric)
		}
	}
}

// TestEveryLossHasAGradientCase checks that the gradient check covers
// every loss Get knows.
func TestEveryLossHasAGradientCase(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range catalog() {
		if !c.valuesOnly {
			covered[c.loss("").Name()] = true
		}
	}
	for _, n := range Names() {
		l, _ := Get(n)
		if !covered[l.Name()] {
			t.Errorf("%s (%q): no gradient case", l.Name(), n)
		}
	}
}
