package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// bnX is a batch of 4 samples of 2 features: feature 0 is 1, 3, 5, 7
// (mean 4, biased variance (9+1+1+9)/4 = 5), feature 1 is 2, 2, 2, 10
// (mean 4, variance (4+4+4+36)/4 = 12).
var bnX = tensor.FromSlice([]float64{1, 2, 3, 2, 5, 2, 7, 10}, 4, 2)

// normalized returns gamma·(x − mean)/sqrt(variance + eps) + beta per
// feature (last axis of a row-major (n, 2) slice).
func normalized(x, mean, variance, gamma, beta []float64, eps float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		f := i % len(mean)
		out[i] = gamma[f]*(v-mean[f])/math.Sqrt(variance[f]+eps) + beta[f]
	}
	return out
}

// TestBatchNormalizationTraining pins the training pass: the batch
// statistics above normalize x, and the registered updates are
// momentum·moving + (1 − momentum)·batch with the biased variance.
func TestBatchNormalizationTraining(t *testing.T) {
	l := &BatchNormalization{Momentum: 0.5}
	h := buildAndCall(t, l, tensor.Float64, true, tensor.Shape{2})
	setWeight(t, l.Gamma(), []float64{2, 1}, 2)
	setWeight(t, l.Beta(), []float64{0.5, 0}, 2)
	ups := h.scope.Updates()
	if len(ups) != 2 || ups[0].Weight != l.MovingMean() || ups[1].Weight != l.MovingVariance() {
		t.Fatalf("updates %v, want moving_mean and moving_variance", ups)
	}
	out := h.fetch([]*tensor.Tensor{bnX}, h.out[0], ups[0].Value, ups[1].Value)
	wantOut(t, "training output", out[0], normalized(bnX.Float64s(), []float64{4, 4}, []float64{5, 12}, []float64{2, 1}, []float64{0.5, 0}, 1e-3), 4, 2)
	// Moving statistics start at 0 and 1.
	wantOut(t, "moving mean update", out[1], []float64{0.5*0 + 0.5*4, 0.5*0 + 0.5*4}, 2)
	wantOut(t, "moving variance update", out[2], []float64{0.5*1 + 0.5*5, 0.5*1 + 0.5*12}, 2)
}

// TestBatchNormalizationInference pins the inference pass: the moving
// statistics, no updates; and a feature axis other than the last (Axis 1
// on (batch, 3, 2) samples: 3 features).
func TestBatchNormalizationInference(t *testing.T) {
	l := &BatchNormalization{NoCenter: true, Epsilon: 0.01}
	h := buildAndCall(t, l, tensor.Float64, false, tensor.Shape{2})
	if len(l.Weights()) != 3 || l.Beta() != nil {
		t.Fatalf("NoCenter: weights %v", l.Weights())
	}
	setWeight(t, l.Gamma(), []float64{2, 1}, 2)
	setWeight(t, l.MovingMean(), []float64{1, -1}, 2)
	setWeight(t, l.MovingVariance(), []float64{3, 0.5}, 2)
	if len(h.scope.Updates()) != 0 {
		t.Fatalf("inference registered updates %v", h.scope.Updates())
	}
	wantOut(t, "inference", h.run(bnX)[0], normalized(bnX.Float64s(), []float64{1, -1}, []float64{3, 0.5}, []float64{2, 1}, []float64{0, 0}, 0.01), 4, 2)

	l = &BatchNormalization{Axis: 1, NoScale: true}
	x := tensor.FromSlice(seq(1, 6), 1, 3, 2) // feature f holds 2f+1, 2f+2
	got := forward(t, l, false, x, func() {
		setWeight(t, l.Beta(), []float64{10, 20, 30}, 3)
		setWeight(t, l.MovingMean(), []float64{1, 3, 5}, 3)
		setWeight(t, l.MovingVariance(), []float64{1 - 1e-3, 4 - 1e-3, 1 - 1e-3}, 3)
	})
	// (x − mean)/sqrt(var + eps) + beta: feature 0: 0, 1 → 10, 11;
	// feature 1: 0, 1/2 → 20, 20.5; feature 2: 0, 1 → 30, 31.
	wantOut(t, "axis 1", got, []float64{10, 11, 20, 20.5, 30, 31}, 1, 3, 2)
}

// TestBatchNormalizationShapes checks the axis and configuration errors.
func TestBatchNormalizationShapes(t *testing.T) {
	checkShapes(t, []shapeCase{
		{l: &BatchNormalization{}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 9, 3}},
		{l: &BatchNormalization{Axis: 1}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 9, 3}},
		{l: &BatchNormalization{Axis: -3}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 9, 3}},
		{l: &BatchNormalization{Axis: -4}, in: tensor.Shape{7, 9, 3}, err: []string{"BatchNormalization layer", "axis -4 is out of range"}},
		{l: &BatchNormalization{Axis: 4}, in: tensor.Shape{7, 9, 3}, err: []string{"axis 4 is out of range"}},
		{l: &BatchNormalization{}, in: tensor.Shape{7, -1}, err: []string{"known size"}},
		{l: &BatchNormalization{Momentum: 1}, in: tensor.Shape{3}, err: []string{"momentum must be in (0, 1)"}},
		{l: &BatchNormalization{Epsilon: -1}, in: tensor.Shape{3}, err: []string{"epsilon must be positive"}},
	})
	b := &BatchNormalization{Name: "bn"}
	if err := BuildLayer(b, []tensor.Shape{{5, 4}}, tensor.Float32, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name      string
		trainable bool
		init      float32
	}{{"bn/gamma", true, 1}, {"bn/beta", true, 0}, {"bn/moving_mean", false, 0}, {"bn/moving_variance", false, 1}}
	for i, w := range b.Weights() {
		if w.Name != want[i].name || w.Trainable != want[i].trainable || !w.Shape().Equal(tensor.Shape{4}) || w.Value().Float32s()[0] != want[i].init {
			t.Errorf("weight %d: %s trainable %v shape %v value %v; want %+v", i, w.Name, w.Trainable, w.Shape(), w.Value(), want[i])
		}
	}
}

// TestLayerNormalization pins each sample normalized over its last axis:
// rows [1, 2, 3] and [2, 2, 8] have means 2 and 4, biased variances 2/3
// and 8.
func TestLayerNormalization(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3, 2, 2, 8}, 2, 3)
	l := &LayerNormalization{}
	got := forward(t, l, true, x, func() {
		setWeight(t, l.Gamma(), []float64{1, 2, 3}, 3)
		setWeight(t, l.Beta(), []float64{0, 0, 1}, 3)
	})
	want := make([]float64, 6)
	for i, v := range x.Float64s() {
		mean, variance := []float64{2, 4}[i/3], []float64{2.0 / 3, 8}[i/3]
		want[i] = float64(i%3+1)*(v-mean)/math.Sqrt(variance+1e-3) + float64(i%3/2)
	}
	wantOut(t, "LayerNormalization", got, want, 2, 3)

	// Axis 1 of (2, 2) samples: each column of a sample normalized alone;
	// [1, 3] → ±1/sqrt(1 + eps).
	l = &LayerNormalization{Axis: 1, NoScale: true, NoCenter: true, Epsilon: 1e-6}
	x = tensor.FromSlice([]float64{1, 5, 3, 5}, 1, 2, 2)
	d := 1 / math.Sqrt(1+1e-6)
	wantOut(t, "axis 1", forward(t, l, false, x, nil), []float64{-d, 0, d, 0}, 1, 2, 2)
	if len(l.Weights()) != 0 {
		t.Errorf("NoScale NoCenter: weights %v", l.Weights())
	}
	checkShapes(t, []shapeCase{
		{l: &LayerNormalization{}, in: tensor.Shape{7, 3}, want: tensor.Shape{7, 3}},
		{l: &LayerNormalization{Axis: 3}, in: tensor.Shape{7, 3}, err: []string{"LayerNormalization layer", "out of range"}},
		{l: &LayerNormalization{Epsilon: -1}, in: tensor.Shape{7, 3}, err: []string{"epsilon"}},
	})
}
