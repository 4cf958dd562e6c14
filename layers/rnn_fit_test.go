package layers_test

import (
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// signOfSum returns n sequences of steps values uniform in [−1, 1), shape
// (n, steps, 1), and labels 1 where the sequence's sum is positive.
func signOfSum(rng *tensor.RNG, n, steps int) (x, y *tensor.Tensor) {
	x = rng.Uniform(tensor.Float32, -1, 1, n, steps, 1)
	y = tensor.New(tensor.Float32, n, 1)
	for i := 0; i < n; i++ {
		s := float32(0)
		for _, v := range x.Float32s()[i*steps : (i+1)*steps] {
			s += v
		}
		if s > 0 {
			y.Float32s()[i] = 1
		}
	}
	return x, y
}

// A small LSTM learns whether the sum of a sequence of 6 numbers is
// positive, a task that needs the whole sequence: through
// models.NewSequential and Fit, its accuracy on 256 new sequences exceeds
// 90% (chance is 50%).
func TestLSTMLearnsSignOfSum(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	rng := tensor.NewRNG(7)
	x, y := signOfSum(rng, 512, 6)
	xt, yt := signOfSum(rng, 256, 6)
	m, err := models.NewSequential(
		&layers.LSTM{Units: 8, InputShape: []int{6, 1}},
		&layers.Dense{Units: 1, Activation: "sigmoid"},
	)
	if err != nil {
		t.Fatal(err)
	}
	m.Seed = 1
	if err := m.CompileNamed("adam", "binary_crossentropy"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, models.FitOptions{Epochs: 40, BatchSize: 32, Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(xt, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for i, v := range p.Float32s() {
		if (v > 0.5) == (yt.Float32s()[i] == 1) {
			right++
		}
	}
	if acc := float64(right) / 256; acc < 0.9 {
		t.Fatalf("accuracy %.3f on new sequences, want >= 0.9", acc)
	}
	t.Logf("accuracy %.3f on 256 new sequences", float64(right)/256)
}

// Embedding with MaskZero passes its mask to an LSTM in a functional
// model: padding steps are skipped, so a sequence padded at the end and
// the same sequence padded at the start and end predict the same value,
// while the unmasked model tells them apart.
func TestEmbeddingMaskSkipsPadding(t *testing.T) {
	predict := func(masked bool) []float32 {
		ids := layers.Input(5)
		emb := &layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: masked}
		h := layers.Call(&layers.LSTM{Units: 3}, layers.Call(emb, ids))
		m, err := models.NewModel([]*layers.Tensor{ids}, []*layers.Tensor{h})
		if err != nil {
			t.Fatal(err)
		}
		m.Seed = 2
		x := tensor.FromSlice([]float32{3, 4, 7, 0, 0, 0, 3, 4, 7, 0}, 2, 5)
		p, err := m.Predict(x, models.PredictOptions{Verbose: models.Silent})
		if err != nil {
			t.Fatal(err)
		}
		return p.Float32s()
	}
	p := predict(true)
	for j := 0; j < 3; j++ {
		if d := p[j] - p[3+j]; d > 1e-6 || d < -1e-6 {
			t.Fatalf("masked: %v and %v differ", p[:3], p[3:])
		}
	}
	q := predict(false)
	if d := q[0] - q[3]; d < 1e-6 && d > -1e-6 {
		t.Fatalf("unmasked: %v and %v agree: the test cannot tell masking apart", q[:3], q[3:])
	}
}
