package optimizers_test

import (
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// irisEpochs is how many epochs (batches of 16, so 8 steps each) each
// optimizer gets at its Keras default learning rate. Most learn in 100;
// Adafactor's relative steps (lr·rms(w)) need 300; Adagrad's and Ftrl's
// accumulators start at 0.1, so their steps at lr = 0.001 are small; and
// Adadelta's steps start at lr·√ε ≈ 3e-7 and grow only with the
// accumulated updates, so at Keras's default lr = 0.001 (Keras's own
// documentation suggests 1.0) it takes 10000 epochs.
var irisEpochs = map[string]int{
	"adam": 100, "adamw": 100, "adamax": 100, "nadam": 100, "rmsprop": 100, "lion": 100, "sgd": 100,
	"adafactor": 300, "adagrad": 1000, "ftrl": 3000, "adadelta": 10000,
}

// TestEveryOptimizerLearnsIris trains the same MLP (Dense(16, relu),
// Dense(3, softmax), the same initial weights) on the standardized iris
// training set with every optimizer Get knows, at its defaults, and
// checks that the loss over the training set ends below 60% of its value
// before training (ln 3 ≈ 1.1 for a guess). The slow ones (over 300
// epochs) are skipped in -short mode and under the race detector.
func TestEveryOptimizerLearnsIris(t *testing.T) {
	x, y, _, _, err := datasets.LoadIris(1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := datasets.FitStandardizer(x)
	if err != nil {
		t.Fatal(err)
	}
	if x, err = s.Transform(x); err != nil {
		t.Fatal(err)
	}
	for _, name := range optimizers.Names() {
		epochs, ok := irisEpochs[name]
		if !ok {
			t.Errorf("%s: no epoch count: add it to irisEpochs", name)
			continue
		}
		if (testing.Short() || raceEnabled) && epochs > 300 {
			continue
		}
		opt, err := optimizers.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		start, end := trainIris(t, opt, x, y, epochs)
		t.Logf("%s: loss %.4f -> %.4f in %d epochs", name, start, end, epochs)
		if !(end < 0.6*start) {
			t.Errorf("%s: loss %.4f -> %.4f in %d epochs at the default learning rate, want below 60%% of the start",
				name, start, end, epochs)
		}
	}
}

// trainIris fits the MLP with opt and returns the training loss before and
// after.
func trainIris(t *testing.T, opt optimizers.Optimizer, x, y *tensor.Tensor, epochs int) (start, end float64) {
	t.Helper()
	m := models.MustSequential(
		&layers.Dense{Units: 16, Activation: "relu", InputShape: []int{4}},
		&layers.Dense{Units: 3, Activation: "softmax"})
	m.Seed = 3
	if err := m.Compile(opt, losses.SparseCategoricalCrossentropy{}); err != nil {
		t.Fatal(err)
	}
	quiet := models.EvaluateOptions{BatchSize: 120, Verbose: models.Silent}
	before, err := m.Evaluate(x, y, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, models.FitOptions{Epochs: epochs, BatchSize: 16, Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	after, err := m.Evaluate(x, y, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return before[0], after[0]
}
