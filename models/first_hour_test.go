package models

import (
	"bytes"
	"errors"
	"github.com/neurite/neurite/graph"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// The mistakes a new user makes are errors where they are made, word for
// word, with no repeated prefixes.
func TestLayerMistakesAreErrorsAtAdd(t *testing.T) {
	cases := []struct {
		name string
		err  func() error
		want string
	}{
		{"nil layer", func() error { _, err := NewSequential(nil); return err },
			"models: Add: the layer is nil (layer 0 of NewSequential)"},
		{"typed nil layer", func() error {
			_, err := NewSequential(&layers.Dense{Units: 1, InputShape: []int{2}}, (*layers.Dense)(nil))
			return err
		}, "models: Add: the layer is nil (layer 1 of NewSequential)"},
		{"Add nil", func() error { return MustSequential().Add((*layers.Dropout)(nil)) },
			"models: Add: the layer is nil"},
		{"zero units", func() error { return MustSequential().Add(&layers.Dense{}) },
			"models: Add: Dense layer: units must be positive, got 0"},
		{"negative units, named", func() error { return MustSequential().Add(&layers.Dense{Units: -2, Name: "hidden"}) },
			`models: Add: layer "hidden" (Dense): units must be positive, got -2`},
		{"unknown activation", func() error { return MustSequential().Add(&layers.Dense{Units: 3, Activation: "rellu"}) },
			`models: Add: Dense layer: unknown activation "rellu" (known: elu, exponential, gelu, hard_sigmoid, hard_silu, hard_swish, leaky_relu, linear, log_softmax, mish, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign, swish, tanh)`},
		{"dropout rate", func() error { return MustSequential().Add(&layers.Dropout{Rate: 1}) },
			"models: Add: Dropout layer: rate must be in [0, 1), got 1"},
		{"input layer later", func() error {
			return MustSequential(&layers.Dense{Units: 1}).Add(&layers.InputLayer{Shape: []int{2}})
		}, "models: Add: an InputLayer can only be the first layer of a Sequential model"},
	}
	for _, c := range cases {
		if err := c.err(); err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.name, err, c.want)
		}
	}
}

// A model whose first layer declares its input shape is built wherever a
// built model is needed: no Build before loading weights.
func TestDeclaredInputShapeBuildsOnDemand(t *testing.T) {
	dir := t.TempDir()
	a := MustSequential(&layers.Dense{Units: 3, InputShape: []int{4}}, &layers.Dense{Units: 1})
	a.Seed = 1
	if a.Built() {
		t.Fatal("built before use")
	}
	path := filepath.Join(dir, "w.safetensors")
	if err := a.SaveWeights(path); err != nil {
		t.Fatal(err)
	}
	b := MustSequential(&layers.Dense{Units: 3, InputShape: []int{4}}, &layers.Dense{Units: 1})
	b.Seed = 2
	if err := b.LoadWeights(path); err != nil {
		t.Fatal(err)
	}
	if !sameWeights(a.WeightValues(), b.WeightValues()) {
		t.Error("loaded weights differ")
	}
	c := MustSequential(&layers.Dense{Units: 3, InputShape: []int{4}})
	if err := c.BuildFor(); err != nil || !c.Built() {
		t.Errorf("BuildFor() with a declared shape: %v", err)
	}
	if err := c.BuildFor(5); err == nil || err.Error() != "models: model was built for inputs of shape (None, 4), not (None, 5)" {
		t.Errorf("BuildFor(5): %v", err)
	}
	d := MustSequential(&layers.Dense{Units: 3})
	want := "models: SaveWeights: the model is not built: give the first layer an InputShape, start with an InputLayer, call BuildFor(shape...), or call Fit first"
	if err := d.SaveWeights(path); err == nil || err.Error() != want {
		t.Errorf("unbuilt SaveWeights:\n got %v\nwant %s", err, want)
	}
}

func TestVerbosityIsTypedAndSilentSilencesAll(t *testing.T) {
	for level, want := range []Verbosity{Silent, ProgressBar, OneLinePerEpoch} {
		if v, err := VerbosityOf(level); err != nil || v != want {
			t.Errorf("VerbosityOf(%d) = %q, %v", level, v, err)
		}
	}
	if _, err := VerbosityOf(3); err == nil {
		t.Error("VerbosityOf(3) is not an error")
	}
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(10)
	var out bytes.Buffer
	if _, err := m.Fit(x, y, FitOptions{Epochs: 2, Verbose: Silent, Output: &out}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent, Output: &out}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(x, PredictOptions{Verbose: Silent, Output: &out}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("Silent printed %q", out.String())
	}
	_, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: "0"})
	if err == nil || err.Error() != `models: unknown Verbose "0": use models.ProgressBar, models.OneLinePerEpoch or models.Silent` {
		t.Errorf("unknown verbosity: %v", err)
	}
}

func TestEpochsMustBeSetInOptions(t *testing.T) {
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(10)
	_, err := m.Fit(x, y, FitOptions{BatchSize: 4})
	if err == nil || err.Error() != "models: Fit: Epochs must be positive, got 0 (Keras's default is 1)" {
		t.Errorf("Epochs 0: %v", err)
	}
	hist, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent})
	if err != nil || len(hist.History["loss"]) != 1 {
		t.Errorf("one epoch: %v, %v", hist, err)
	}
}

// Unseeded models start from different weights (as in Keras) and report
// the seed they drew, which repeats the run.
func TestUnseededModelsDifferAndReportTheirSeed(t *testing.T) {
	a, b := regressionModel(0), regressionModel(0)
	wa, wb := a.WeightValues(), b.WeightValues()
	if a.Seed == 0 || b.Seed == 0 || a.Seed == b.Seed {
		t.Fatalf("seeds %d and %d", a.Seed, b.Seed)
	}
	if sameWeights(wa, wb) {
		t.Error("two unseeded models have the same weights")
	}
	c := regressionModel(a.Seed)
	if !sameWeights(wa, c.WeightValues()) {
		t.Error("the reported seed does not repeat the weights")
	}
}

// A batch size beyond the data means all of it in one batch; no overflow.
func TestHugeBatchSizeMeansAllTheData(t *testing.T) {
	m := regressionModel(1)
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(10)
	hist, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: math.MaxInt, Verbose: Silent})
	if err != nil || len(hist.History["loss"]) != 1 {
		t.Fatalf("Fit: %v", err)
	}
	ev, err := m.Evaluate(x, y, EvaluateOptions{BatchSize: math.MaxInt - 5, Verbose: Silent})
	if err != nil || math.IsNaN(ev[0]) {
		t.Errorf("Evaluate: %v %v", ev, err)
	}
	p, err := m.Predict(x, PredictOptions{BatchSize: math.MaxInt, Verbose: Silent})
	if err != nil || p.Dim(0) != 10 {
		t.Fatalf("Predict: %v", err)
	}
	q, _ := m.Predict(x, PredictOptions{BatchSize: 3, Verbose: Silent})
	if !tensor.ArrayEqual(p, q) {
		t.Error("one huge batch and batches of 3 predict differently")
	}
}

// Predict is safe from many goroutines, also while another trains; under
// -race this checks the locking.
func TestPredictIsSafeForConcurrentUse(t *testing.T) {
	m := MustSequential(&layers.Dense{Units: 16, Activation: "relu", InputShape: []int{2}}, &layers.Dense{Units: 1})
	m.Seed = 3
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(64)
	want, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				got, err := m.Predict(x, PredictOptions{BatchSize: 7, Verbose: Silent})
				if err != nil {
					errs <- err
					return
				}
				if !tensor.ArrayEqual(got, want) {
					errs <- errors.New("concurrent predictions differ")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Serving while training: predictions run between training steps.
	done := make(chan error, 1)
	go func() {
		_, err := m.Fit(x, y, FitOptions{Epochs: 5, BatchSize: 8, Verbose: Silent})
		done <- err
	}()
	for i := 0; i < 20; i++ {
		if _, err := m.Predict(x, PredictOptions{Verbose: Silent}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// PredictOnBatch owns its result buffer, so it serves one goroutine at a
// time: a concurrent call is refused with ErrConcurrentPredictOnBatch,
// never a race.
func TestPredictOnBatchRefusesConcurrentCalls(t *testing.T) {
	m := regressionModel(1)
	x, _ := linearData(4)
	if _, err := m.PredictOnBatch(x); err != nil {
		t.Fatal(err)
	}
	m.onBatch.Lock() // another goroutine is inside PredictOnBatch
	_, err := m.PredictOnBatch(x)
	m.onBatch.Unlock()
	if !errors.Is(err, ErrConcurrentPredictOnBatch) {
		t.Fatalf("got %v", err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := m.PredictOnBatch(x); err != nil && !errors.Is(err, ErrConcurrentPredictOnBatch) {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Shapes print one way everywhere: Keras's, with (None,) for one axis.
func TestShapesPrintLikeKeras(t *testing.T) {
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{2}})
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	_, err := m.Fit(tensor.New(tensor.Float32, 3), tensor.New(tensor.Float32, 3, 1), FitOptions{Epochs: 1})
	want := `models: x has shape (3,), but layer "dense" (Dense) expects inputs of shape (None, 2)`
	if err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
	if !strings.Contains(layers.FormatShape(tensor.Shape{-1}), "(None,)") {
		t.Error(layers.FormatShape(tensor.Shape{-1}))
	}
}

// Validation data is checked before the first epoch changes the weights.
func TestValidationDataIsCheckedBeforeTraining(t *testing.T) {
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(20)
	before := m.WeightValues()
	cases := []struct {
		xv, yv *tensor.Tensor
		want   string
	}{
		{tensor.New(tensor.Float32, 0, 2), tensor.New(tensor.Float32, 0, 1), "models: Fit: ValidationX has no samples"},
		{x, tensor.New(tensor.Float32, 20, 3), "models: Fit: ValidationY holds labels of float32 (None, 3), but y holds float32 (None,)"},
	}
	for _, c := range cases {
		_, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent, ValidationX: c.xv, ValidationY: c.yv})
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %s", err, c.want)
		}
	}
	if !sameWeights(before, m.WeightValues()) {
		t.Error("a rejected Fit changed the weights")
	}
}

// badProduct is a user's layer whose Call sums over an axis its input
// does not have.
type badProduct struct{ layers.Base }

func (*badProduct) Type() string { return "BadProduct" }
func (b *badProduct) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := layers.One(b, in)
	return []tensor.Shape{s}, err
}
func (*badProduct) Build(*layers.Context, []tensor.Shape) error { return nil }
func (*badProduct) Call(_ *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Sum(in[0], []int{7}, false)}, nil // the line the error names
}

// A graph error raised inside a user's layer names the op and the user's
// line, not a line inside Neurite.
func TestGraphErrorsNameTheUsersLine(t *testing.T) {
	m := MustSequential(&layers.InputLayer{Shape: []int{3}}, &badProduct{})
	_, err := m.Predict(tensor.New(tensor.Float32, 2, 3))
	if err == nil || !strings.Contains(err.Error(), `layer "bad_product" (BadProduct): graph: bad_product/Sum (Sum, created at first_hour_test.go:`) {
		t.Errorf("got %v", err)
	}
}

// A layer used by two models has one set of weights: each model's weights
// and checkpoints are the layer's, and training one changes the other's
// predictions.
func TestLayerSharedByTwoModels(t *testing.T) {
	shared := &layers.Dense{Units: 2, InputShape: []int{3}}
	a := MustSequential(shared, &layers.Dense{Units: 1})
	b := MustSequential(shared, &layers.Dense{Units: 1})
	a.Seed, b.Seed = 1, 2
	if err := b.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x := tensor.NewRNG(3).Normal(tensor.Float32, 0, 1, 8, 3)
	before, err := a.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if !tensor.ArrayEqual(a.WeightValues()[0], b.WeightValues()[0]) {
		t.Fatal("the shared kernel differs between the models")
	}
	if _, err := b.TrainOnBatch(x, tensor.Ones(tensor.Float32, 8, 1)); err != nil {
		t.Fatal(err)
	}
	after, _ := a.Predict(x, PredictOptions{Verbose: Silent})
	if tensor.ArrayEqual(before, after) {
		t.Error("training b did not change a's shared layer")
	}
	if !tensor.ArrayEqual(a.WeightValues()[0], shared.Kernel().Value()) {
		t.Error("a's weights are not the shared layer's")
	}
}

// Default layer names follow Keras's to_snake_case.
func TestDefaultLayerNamesFollowKeras(t *testing.T) {
	for class, want := range map[string]string{
		"Dense": "dense", "BatchNormalization": "batch_normalization", "ReLU": "re_lu", "PReLU": "p_re_lu",
		"LeakyReLU": "leaky_re_lu", "Conv2D": "conv2d", "SimpleRNN": "simple_rnn", "LSTM": "lstm",
		"GlobalAveragePooling2D": "global_average_pooling2d", "InputLayer": "input_layer",
	} {
		if got := snakeCase(class); got != want {
			t.Errorf("%s: %s, want %s", class, got, want)
		}
	}
}

// nilWeights is a user's layer whose Weights holds a nil entry.
type nilWeights struct{ layers.Base }

func (*nilWeights) Type() string { return "NilWeights" }
func (n *nilWeights) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := layers.One(n, in)
	return []tensor.Shape{s}, err
}
func (*nilWeights) Build(*layers.Context, []tensor.Shape) error { return nil }
func (*nilWeights) Call(_ *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	return in, nil
}
func (*nilWeights) Weights() []*layers.Weight { return []*layers.Weight{nil} }

// A custom layer whose Weights holds nil is an error when the model is
// built, not a crash.
func TestNilWeightIsAnError(t *testing.T) {
	m := MustSequential(&layers.InputLayer{Shape: []int{2}}, &nilWeights{})
	_, err := m.Predict(tensor.New(tensor.Float32, 1, 2))
	if err == nil || !strings.Contains(err.Error(), `layer "nil_weights" (NilWeights): Weights() holds nil at index 0`) {
		t.Errorf("got %v", err)
	}
}
