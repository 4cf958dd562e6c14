package models

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// lectureModel is the slides' model: Dense(6, input_shape=(4,)), Dense(4),
// Dense(3), Activation('softmax').
func lectureModel() *Sequential {
	m := MustSequential()
	m.Add(&layers.Dense{Units: 6, InputShape: []int{4}})
	m.Add(&layers.Dense{Units: 4})
	m.Add(&layers.Dense{Units: 3})
	m.Add(&layers.Activation{Fn: "softmax"})
	return m
}

func TestSummaryOfTheLectureModel(t *testing.T) {
	var buf bytes.Buffer
	if err := lectureModel().Summary(&buf); err != nil {
		t.Fatal(err)
	}
	want := `Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
dense (Dense)                (None, 6)                 30        
_________________________________________________________________
dense_1 (Dense)              (None, 4)                 28        
_________________________________________________________________
dense_2 (Dense)              (None, 3)                 15        
_________________________________________________________________
activation (Activation)      (None, 3)                 0         
=================================================================
Total params: 73
Trainable params: 73
Non-trainable params: 0
_________________________________________________________________
`
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestSummaryBeforeBuildIsAnError(t *testing.T) {
	m := MustSequential(&layers.Dense{Units: 2})
	if err := m.Summary(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Fatalf("got %v", err)
	}
	if err := m.BuildFor(5); err != nil {
		t.Fatal(err)
	}
	total, _ := m.CountParams()
	if total != 12 {
		t.Fatalf("deferred build gave %d params, want 12", total)
	}
}

// linearData is y = 2·x0 − x1 + 0.5 on a deterministic grid.
func linearData(n int) (*tensor.Tensor, *tensor.Tensor) {
	x := tensor.New(tensor.Float32, n, 2)
	y := tensor.New(tensor.Float32, n)
	for i := 0; i < n; i++ {
		a, b := float64(i%7)/7, float64(i%5)/5
		x.Set(a, i, 0)
		x.Set(b, i, 1)
		y.Set(2*a-b+0.5, i)
	}
	return x, y
}

func regressionModel(seed uint64) *Sequential {
	m := MustSequential(&layers.Dense{Units: 1, InputShape: []int{2}})
	m.Seed = seed
	return m
}

func TestFitProgressLineAndHistory(t *testing.T) {
	x, y := linearData(100)
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse", "mae"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	hist, err := m.Fit(x, y, FitOptions{Epochs: 3, ValidationSplit: 0.2, Output: &out})
	if err != nil {
		t.Fatal(err)
	}
	// 80 training samples at batch size 32: 3 steps, the last of 16.
	line := regexp.MustCompile(`^3/3 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: \d+\.\d{4} - mae: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mae: \d+\.\d{4}$`)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 2 lines per epoch, got:\n%s", out.String())
	}
	for e := 0; e < 3; e++ {
		if lines[2*e] != "Epoch "+string(rune('1'+e))+"/3" {
			t.Errorf("line %d = %q", 2*e, lines[2*e])
		}
		if !line.MatchString(lines[2*e+1]) {
			t.Errorf("progress line %q does not match Keras's format", lines[2*e+1])
		}
	}
	if got := strings.Join(hist.Keys(), ","); got != "loss,mae,val_loss,val_mae" {
		t.Errorf("history keys %s", got)
	}
	for _, k := range hist.Keys() {
		if len(hist.History[k]) != 3 {
			t.Errorf("%s has %d values, want 3", k, len(hist.History[k]))
		}
	}
	if len(hist.Epoch) != 3 || hist.Epoch[2] != 2 {
		t.Errorf("epochs %v", hist.Epoch)
	}
}

func TestFitLearnsAndIsReproducible(t *testing.T) {
	x, y := linearData(200)
	run := func() []float64 {
		m := regressionModel(7)
		if err := m.Compile(&optimizers.Adam{LearningRate: 0.05}, losses.MeanSquaredError{}); err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(x, y, FitOptions{Epochs: 60, Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		return h.History["loss"]
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("epoch %d: loss %v then %v with the same seed", i, a[i], b[i])
		}
	}
	if last := a[len(a)-1]; last > 1e-3 {
		t.Fatalf("final loss %v: a linear model did not fit linear data", last)
	}
}

func TestValidationSplitTakesTheLastSamplesBeforeShuffling(t *testing.T) {
	x, y := linearData(50)
	m := regressionModel(3)
	opt := &optimizers.SGD{LearningRate: 1e-12}
	if err := m.Compile(opt, losses.MeanSquaredError{}, metrics.MeanAbsoluteError{}); err != nil {
		t.Fatal(err)
	}
	hist, err := m.Fit(x, y, FitOptions{Epochs: 1, ValidationSplit: 0.3, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	// floor(50·0.7) = 35 training samples; validation is rows 35..49.
	scores, err := m.Evaluate(tensor.Rows(x, 35, 50), tensor.Rows(y, 35, 50), EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := hist.Last("val_loss"); math.Abs(v-scores[0]) > 1e-6*math.Max(1, scores[0]) {
		t.Fatalf("val_loss %v, evaluate on the last 15 rows %v", v, scores[0])
	}
	if v, _ := hist.Last("val_mean_absolute_error"); math.Abs(v-scores[1]) > 1e-6 {
		t.Fatalf("val_mean_absolute_error %v, evaluate %v", v, scores[1])
	}
}

func TestEvaluateWeightsBatchesBySize(t *testing.T) {
	x, y := linearData(70) // batches of 32, 32, 6
	m := regressionModel(5)
	if err := m.CompileNamed("sgd", "mse", "mae"); err != nil {
		t.Fatal(err)
	}
	got, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	pred, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	var mse, mae float64
	for i := 0; i < 70; i++ {
		d := pred.At(i, 0) - y.At(i)
		mse += d * d / 70
		mae += math.Abs(d) / 70
	}
	if math.Abs(got[0]-mse) > 1e-5 || math.Abs(got[1]-mae) > 1e-5 {
		t.Fatalf("Evaluate = %v, want [%v %v]", got, mse, mae)
	}
}

func TestPredictMatchesTheWeightsOnAnyBatchSize(t *testing.T) {
	m := MustSequential(&layers.Dense{Units: 2, InputShape: []int{3}, Activation: "relu"})
	if err := m.BuildFor(3); err != nil {
		t.Fatal(err)
	}
	w := m.Layers()[0].Weights()
	w[0].Set(tensor.FromSlice([]float32{1, -1, 2, 0, 0, 1}, 3, 2))
	w[1].Set(tensor.FromSlice([]float32{0.5, -0.5}))
	x := tensor.New(tensor.Float32, 45, 3)
	for i := 0; i < 45; i++ {
		x.Set(float64(i%4), i, 0)
		x.Set(float64(i%3)-1, i, 1)
		x.Set(0.5, i, 2)
	}
	for _, bs := range []int{1, 7, 32, 100} {
		p, err := m.Predict(x, PredictOptions{BatchSize: bs, Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 45; i++ {
			a, b, c := x.At(i, 0), x.At(i, 1), x.At(i, 2)
			want0 := math.Max(0, a*1+b*2+c*0+0.5)
			want1 := math.Max(0, -a+0*b+c*1-0.5)
			if p.At(i, 0) != want0 || p.At(i, 1) != want1 {
				t.Fatalf("batch %d, row %d: got [%v %v], want [%v %v]", bs, i, p.At(i, 0), p.At(i, 1), want0, want1)
			}
		}
	}
}

func TestDropoutOnlyWhileTraining(t *testing.T) {
	m := MustSequential(&layers.Dense{Units: 4, InputShape: []int{3}}, &layers.Dropout{Rate: 0.5})
	m.Seed = 1
	x, _ := linearData(10)
	x = tensor.Concat(1, x, x)
	x = tensor.Slice(x, 1, 0, 3)
	a, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if !tensor.ArrayEqual(a, b) {
		t.Fatal("Predict is not deterministic: dropout is active in inference")
	}
}

func TestUserMistakesAreErrorsNamingTheCulprit(t *testing.T) {
	x, y := linearData(20)
	cases := []struct {
		name string
		run  func() error
		want []string
	}{
		{"fit before compile", func() error {
			_, err := regressionModel(1).Fit(x, y)
			return err
		}, []string{"compile"}},
		{"wrong input width", func() error {
			m := regressionModel(1)
			m.CompileNamed("adam", "mse")
			_, err := m.Fit(tensor.New(tensor.Float32, 20, 5), y)
			return err
		}, []string{"dense", "(20, 5)", "(None, 2)"}},
		{"NaN in x", func() error {
			m := regressionModel(1)
			m.CompileNamed("adam", "mse")
			bad := x.Clone()
			bad.Set(math.NaN(), 4, 1)
			_, err := m.Fit(bad, y)
			return err
		}, []string{"NaN", "sample 4"}},
		{"labels that do not fit the loss", func() error {
			m := regressionModel(1)
			m.CompileNamed("adam", "mse")
			_, err := m.Fit(x, tensor.New(tensor.Float32, 20, 3), FitOptions{Epochs: 1, Verbose: Silent})
			return err
		}, []string{"mean_squared_error", "(None, 3)"}},
		{"label count", func() error {
			m := regressionModel(1)
			m.CompileNamed("adam", "mse")
			_, err := m.Fit(x, tensor.New(tensor.Float32, 19), FitOptions{Epochs: 1, Verbose: Silent})
			return err
		}, []string{"y", "20"}},
		{"unknown activation", func() error {
			_, err := NewSequential(&layers.Dense{Units: 1, InputShape: []int{2}, Activation: "sigmoidal"})
			return err
		}, []string{"Dense layer: unknown activation", "sigmoidal"}},
		{"unknown loss", func() error {
			return regressionModel(1).CompileNamed("adam", "mean_squared_eror")
		}, []string{"mean_squared_eror"}},
		{"bad validation split", func() error {
			m := regressionModel(1)
			m.CompileNamed("adam", "mse")
			_, err := m.Fit(x, y, FitOptions{Epochs: 1, ValidationSplit: 1.5, Verbose: Silent})
			return err
		}, []string{"ValidationSplit"}},
	}
	for _, c := range cases {
		err := c.run()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

func TestWeightsAreSharedBetweenTrainingAndInference(t *testing.T) {
	m := lectureModel()
	if err := m.BuildFor(4); err != nil {
		t.Fatal(err)
	}
	vars := m.Graph().Variables()
	if len(vars) != 6 {
		t.Fatalf("%d variables, want 6 (3 kernels, 3 biases)", len(vars))
	}
	if got := vars[0].Name(); got != "dense/kernel" {
		t.Errorf("first variable %q, want dense/kernel", got)
	}
	_ = graph.Unknown
}
