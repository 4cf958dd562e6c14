package losses

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// In float32, clipping to [ε, 1−ε] gives ε = 1.0000000117e-7 and
// 1−ε = 0.99999988079 = 1 − 2⁻²³, so 1 − clip(1) = 2⁻²³ = 1.1920929e-7.
var (
	eps32    = float64(float32(Epsilon))
	oneEps32 = float64(float32(1 - Epsilon))
)

// bceRef is Keras 3's binary crossentropy of a probability p for label y
// in float64, with the clipping bounds lo and hi:
// −(y·log c + (1−y)·log(1 − c)), c = clip(p, lo, hi).
func bceRef(y, p, lo, hi float64) float64 {
	c := math.Min(math.Max(p, lo), hi)
	return -(y*math.Log(c) + (1-y)*math.Log(1-c))
}

func TestBinaryCrossentropyKerasExamples(t *testing.T) {
	// Keras's documented example: y_true [[0, 1], [0, 0]],
	// y_pred [[0.6, 0.4], [0.4, 0.6]] → 0.815:
	//   sample 1: (−log 0.4 − log 0.4)/2 = 0.9162907
	//   sample 2: (−log 0.4 − log 0.6)/2 = 0.7135581, mean 0.8149244
	near(t, "bce", evalLoss(t, BinaryCrossentropy{},
		f32([]float32{0, 1, 0, 0}, 2, 2), f32([]float32{0.6, 0.4, 0.4, 0.6}, 2, 2)),
		(2*-math.Log(0.4)+-math.Log(0.4)+-math.Log(0.6))/4)

	// Saturated predictions, bce([0, 0, 1, 1], [1, 1, 1, 0]) in float32:
	//   y=0, p=1: −log(1 − (1−2⁻²³)) = −log(2⁻²³) = 15.942385 (twice)
	//   y=1, p=1: −log(1−2⁻²³) = 1.1920929e-7
	//   y=1, p=0: −log(ε) = 16.118096
	//   mean 12.000716 (TF 2.x's ε inside the logarithms gave 11.522857)
	want := (2*bceRef(0, 1, eps32, oneEps32) + bceRef(1, 1, eps32, oneEps32) + bceRef(1, 0, eps32, oneEps32)) / 4
	near(t, "bce saturated", evalLoss(t, BinaryCrossentropy{},
		f32([]float32{0, 0, 1, 1}, 4), f32([]float32{1, 1, 1, 0}, 4)), want)
	if math.Abs(want-12.000716) > 1e-5 {
		t.Errorf("reference %.9g, want about 12.000716", want)
	}
}

func TestBinaryCrossentropyClipsProbabilities(t *testing.T) {
	// A probability of 0 for label 1 and of 1 for label 0, each in its own
	// sample (labels (2,) against predictions (2, 1)):
	//   −log ε = 16.118096, −log 2⁻²³ = 15.942385 → mean 16.030240
	got := evalLoss(t, BinaryCrossentropy{}, f32([]float32{1, 0}, 2), f32([]float32{0, 1}, 2, 1))
	near(t, "bce clipped", got, (bceRef(1, 0, eps32, oneEps32)+bceRef(0, 1, eps32, oneEps32))/2)
	// In float64 the bounds are 1e-7 and 1 − 1e-7 exactly, and both cost
	// −log 1e-7 = 16.118096.
	got = evalLoss(t, BinaryCrossentropy{}, tensor.FromSlice([]float64{1, 0}, 2), tensor.FromSlice([]float64{0, 1}, 2, 1))
	near(t, "bce clipped float64", got, -math.Log(1e-7))
}

func TestBinaryCrossentropyLabelSmoothing(t *testing.T) {
	// Smoothing 0.2 turns labels 1 and 0 into 0.9 and 0.1.
	y := tensor.FromSlice([]float64{1, 0, 0, 1}, 2, 2)
	p := tensor.FromSlice([]float64{0.7, 0.2, 0.45, 0.999}, 2, 2)
	want := 0.0
	for i, yi := range y.Float64s() {
		want += bceRef(yi*0.8+0.1, p.Float64s()[i], 1e-7, 1-1e-7) / 4
	}
	near(t, "bce smoothed", evalLoss(t, BinaryCrossentropy{LabelSmoothing: 0.2}, y, p), want)
	_, err := tryLoss(BinaryCrossentropy{LabelSmoothing: 1.5}, y, p)
	if err == nil {
		t.Fatal("label smoothing 1.5: no error")
	}
	wantErrContains(t, err, "binary_crossentropy", "label smoothing", "1.5")
}

func TestBinaryCrossentropyFromLogits(t *testing.T) {
	// max(x,0) − x·y + log(1+exp(−|x|)) for x [[0.5, −1], [2, −3]],
	// y [[0, 1], [1, 0]]:
	//   0.5 + log(1+e^−0.5) = 0.9740770;  0 + 1 + log(1+e^−1) = 1.3132617
	//   2 − 2 + log(1+e^−2) = 0.1269280;  0 + log(1+e^−3)    = 0.0485874
	//   mean 2.4628540/4 = 0.6157135
	x := f32([]float32{0.5, -1, 2, -3}, 2, 2)
	y := f32([]float32{0, 1, 1, 0}, 2, 2)
	got := evalLoss(t, BinaryCrossentropy{FromLogits: true}, y, x)
	near(t, "bce logits", got, 0.6157135085787611)

	// The same through probabilities sigmoid(x) agrees to float32
	// rounding: no prediction is clipped here.
	p := tensor.New(tensor.Float32, 2, 2)
	for i, v := range x.Float32s() {
		p.Float32s()[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
	probs := evalLoss(t, BinaryCrossentropy{}, y, p)
	if math.Abs(probs-got) > 2e-6 {
		t.Errorf("bce from probabilities %.9g, from logits %.9g", probs, got)
	}

	// Extreme logits stay exact: x = 100 with y = 0 and x = −100 with
	// y = 1 cost 100 each; x = 0 costs log 2.
	near(t, "bce logits ±100", evalLoss(t, BinaryCrossentropy{FromLogits: true},
		f32([]float32{0, 1}, 2, 1), f32([]float32{100, -100}, 2, 1)), 100)
	near(t, "bce logit 0", evalLoss(t, BinaryCrossentropy{FromLogits: true},
		f32([]float32{1}, 1, 1), f32([]float32{0}, 1, 1)), math.Ln2)
}

func TestBinaryCrossentropyFromLogitsGradient(t *testing.T) {
	// d/dx [max(x,0) − x·y + log(1+exp(−|x|))] = sigmoid(x) − y, also at
	// x = 0 where it is ½ − y; the batch mean over 2 elements halves it:
	//   x [0, 2], y [1, 0] → [(0.5−1)/2, sigmoid(2)/2] = [−0.25, 0.4403985]
	g := graph.New()
	x := g.Variable("x", f32([]float32{0, 2}, 2, 1))
	y := g.Const(f32([]float32{1, 0}, 2, 1))
	loss, err := BinaryCrossentropy{FromLogits: true}.Call(y, x)
	if err != nil {
		t.Fatal(err)
	}
	dx := graph.Gradients(loss, x)[0]
	if g.Err() != nil {
		t.Fatal(g.Err())
	}
	out, err := graph.NewSession(g).Run(nil, dx)
	if err != nil {
		t.Fatal(err)
	}
	d := out[0].Float32s()
	near(t, "d/dx at 0", float64(d[0]), -0.25)
	near(t, "d/dx at 2", float64(d[1]), 0.5/(1+math.Exp(-2)))
}

func TestBinaryCrossentropyShapeMismatch(t *testing.T) {
	err := buildErr(t, BinaryCrossentropy{}, tensor.Float32, []int{-1, 2}, []int{-1, 1})
	wantErrContains(t, err, "binary_crossentropy", "(None, 2)", "(None, 1)")
}
