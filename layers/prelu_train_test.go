package layers_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// A PReLU alone, fitted to data made by a PReLU with known slopes, learns
// those slopes from its zero start.
func TestPReLUTrains(t *testing.T) {
	want := []float64{0.1, 0.25, 0.5}
	const n = 64
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, n*3)
	ys := make([]float64, n*3)
	for i := range xs {
		xs[i] = 4*r.Float64() - 2
		ys[i] = xs[i]
		if xs[i] < 0 {
			ys[i] = want[i%3] * xs[i]
		}
	}
	p := &layers.PReLU{}
	m, err := models.NewSequential(&layers.InputLayer{Shape: []int{3}}, p)
	if err != nil {
		t.Fatal(err)
	}
	m.DType = tensor.Float64
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.5}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x, y := tensor.FromSlice(xs, n, 3), tensor.FromSlice(ys, n, 3)
	h, err := m.Fit(x, y, models.FitOptions{Epochs: 60, BatchSize: n, Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	loss := h.History["loss"]
	if last := loss[len(loss)-1]; !(last < 1e-6*loss[0]) {
		t.Errorf("loss went from %g to %g", loss[0], last)
	}
	got := p.Alpha().Value().Float64s()
	for j := range want {
		if math.Abs(got[j]-want[j]) > 1e-3 {
			t.Errorf("alpha = %v, want %v", got, want)
			break
		}
	}
}
