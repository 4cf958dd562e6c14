package models

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// scaleModel is y = 2x with one kernel weight and no bias.
func scaleModel(t *testing.T) *Sequential {
	t.Helper()
	d := &layers.Dense{Units: 1, NoBias: true}
	m := MustSequential(&layers.InputLayer{Shape: []int{1}}, d)
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.1}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	if err := d.Kernel().Set(tensor.FromSlice([]float32{2}, 1, 1)); err != nil {
		t.Fatal(err)
	}
	return m
}

// Keras weights each sample's loss and divides the weighted sum by the
// number of samples, not by the sum of the weights.
func TestSampleWeightsFollowKeras(t *testing.T) {
	m := scaleModel(t)
	x := tensor.FromSlice([]float32{1, 2, 3}, 3, 1)
	y := tensor.Zeros(tensor.Float32, 3, 1)
	w := tensor.FromSlice([]float32{1, 0, 0.5})
	// Per-sample squared errors 4, 16, 36: (4·1 + 16·0 + 36·0.5) / 3 = 22/3.
	for _, bs := range []int{3, 2, 1} {
		got, err := m.Evaluate(x, y, EvaluateOptions{SampleWeight: w, BatchSize: bs, Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got[0]-22.0/3) > 1e-5 {
			t.Errorf("batch %d: weighted loss %v, want 22/3", bs, got[0])
		}
	}
	plain, _ := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent})
	if math.Abs(plain[0]-56.0/3) > 1e-5 {
		t.Errorf("unweighted loss %v, want 56/3", plain[0])
	}
	// One SGD step on the whole batch: d/dk of Σ wᵢ(k·xᵢ)²/3 at k=2 is
	// Σ 2wᵢ·k·xᵢ²/3 = (2·2·1 + 0 + 2·0.5·2·9)/3 = 22/3; k ← 2 − 0.1·22/3.
	hist, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 3, SampleWeight: w, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if got := hist.History["loss"][0]; math.Abs(got-22.0/3) > 1e-5 {
		t.Errorf("Fit's logged loss %v, want 22/3", got)
	}
	if k, want := m.WeightValues()[0].At(0, 0), 2-0.1*22.0/3; math.Abs(k-want) > 1e-5 {
		t.Errorf("kernel after one weighted step %v, want %v", k, want)
	}
}

// Class weights are sample weights taken from each sample's class.
func TestClassWeightsEqualTheirSampleWeights(t *testing.T) {
	x := tensor.NewRNG(1).Normal(tensor.Float32, 0, 1, 12, 3)
	labels := tensor.FromSlice([]int64{0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2})
	weights := map[int]float64{0: 2, 2: 0.25} // class 1 weighs 1
	perSample := tensor.New(tensor.Float32, 12)
	for i := 0; i < 12; i++ {
		v, ok := weights[int(labels.At(i))]
		if !ok {
			v = 1
		}
		perSample.Set(v, i)
	}
	train := func(o FitOptions) []*tensor.Tensor {
		m := MustSequential(&layers.Dense{Units: 3, Activation: "softmax", InputShape: []int{3}})
		m.Seed = 4
		if err := m.CompileNamed("adam", "sparse_categorical_crossentropy"); err != nil {
			t.Fatal(err)
		}
		o.Epochs, o.BatchSize, o.NoShuffle, o.Verbose = 3, 5, true, Silent
		if _, err := m.Fit(x, labels, o); err != nil {
			t.Fatal(err)
		}
		return m.WeightValues()
	}
	byClass := train(FitOptions{ClassWeight: weights})
	bySample := train(FitOptions{SampleWeight: perSample})
	plain := train(FitOptions{})
	if !sameWeights(byClass, bySample) {
		t.Error("ClassWeight and the equivalent SampleWeight trained differently")
	}
	if sameWeights(byClass, plain) {
		t.Error("ClassWeight changed nothing")
	}
	oneHot := tensor.OneHot(labels, 3, tensor.Float32)
	w, err := classWeights(weights, oneHot)
	if err != nil || !tensor.AllClose(tensor.Cast(w, tensor.Float32), perSample, 0, 0) {
		t.Errorf("one-hot labels give weights %v, %v", w, err)
	}
}

// customLoss has no Reduction field.
type customLoss struct{}

func (customLoss) Name() string { return "custom" }
func (customLoss) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return graph.Mean(graph.Square(graph.Sub(yTrue, yPred)), nil, false), nil
}

func TestSampleWeightMistakes(t *testing.T) {
	m := scaleModel(t)
	x := tensor.FromSlice([]float32{1, 2, 3}, 3, 1)
	y := tensor.Zeros(tensor.Float32, 3, 1)
	cases := []struct {
		o    FitOptions
		want string
	}{
		{FitOptions{SampleWeight: tensor.Ones(tensor.Float32, 2)}, "models: SampleWeight has shape (2,); sample weights are one number per sample, (3,)"},
		{FitOptions{SampleWeight: tensor.Ones(tensor.Float32, 3), ClassWeight: map[int]float64{0: 1}}, "models: give SampleWeight or ClassWeight, not both"},
		{FitOptions{ClassWeight: map[int]float64{0: -1}}, "models: ClassWeight[0] is -1; class weights must be finite and not negative"},
	}
	for _, c := range cases {
		c.o.Epochs, c.o.Verbose = 1, Silent
		if _, err := m.Fit(x, y, c.o); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %s", err, c.want)
		}
	}
	c := MustSequential(&layers.Dense{Units: 1, InputShape: []int{1}})
	if err := c.Compile(&optimizers.SGD{}, customLoss{}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent, SampleWeight: tensor.Ones(tensor.Float32, 3)})
	if err == nil || !strings.Contains(err.Error(), "custom has no Reduction field") {
		t.Errorf("custom loss: %v", err)
	}
	// The model still trains without weights.
	if _, err := c.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent}); err != nil {
		t.Error(err)
	}
}

// An Accumulator metric is exact over an epoch: RMSE is the root of the
// epoch's mean squared error, not the mean of the batches' roots.
func TestAccumulatedMetricsAreExactOverAnEpoch(t *testing.T) {
	m := scaleModel(t)
	if err := m.Compile(&optimizers.SGD{}, losses.MeanSquaredError{}, metrics.RootMeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x := tensor.FromSlice([]float32{1, 2, 3}, 3, 1)
	y := tensor.Zeros(tensor.Float32, 3, 1)
	// Squared errors 4, 16, 36: RMSE √(56/3); batches of 2 would average
	// √10 and 6 instead.
	got, err := m.Evaluate(x, y, EvaluateOptions{BatchSize: 2, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Sqrt(56.0 / 3); math.Abs(got[1]-want) > 1e-5 {
		t.Errorf("RMSE %v, want %v", got[1], want)
	}
	if names := strings.Join(m.MetricsNames(), ","); names != "loss,root_mean_squared_error" {
		t.Errorf("names %s", names)
	}
	one, err := m.TestOnBatch(x, y)
	if err != nil || math.Abs(one[1]-math.Sqrt(56.0/3)) > 1e-5 {
		t.Errorf("TestOnBatch RMSE %v, %v", one, err)
	}
	// Under an alias (a Named wrapper) it still accumulates.
	if err := m.CompileNamed("sgd", "mse", "rmse"); err != nil {
		t.Fatal(err)
	}
	got, err = m.Evaluate(x, y, EvaluateOptions{BatchSize: 2, Verbose: Silent})
	if err != nil || math.Abs(got[1]-math.Sqrt(56.0/3)) > 1e-5 || m.MetricsNames()[1] != "rmse" {
		t.Errorf("rmse %v %v %v", got, m.MetricsNames(), err)
	}
}

// A weight constraint projects the weight after every training step.
func TestConstraintsApplyAfterEachStep(t *testing.T) {
	d := &layers.Dense{Units: 2, InputShape: []int{3}, KernelConstraint: constraints.NonNeg{}}
	m := MustSequential(d)
	m.Seed = 1
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.5}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	// Targets that pull the kernel negative.
	x := tensor.NewRNG(2).Uniform(tensor.Float32, 0, 1, 16, 3)
	y := tensor.Full[float32](-5, 16, 2)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Kernel().Value().Values() {
		if v < 0 {
			t.Fatalf("kernel %v has a negative entry after training with NonNeg", d.Kernel().Value())
		}
	}
	if b := d.Bias().Value().Values(); b[0] >= 0 {
		t.Errorf("the unconstrained bias %v did not go negative", b)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a steady-state TrainOnBatch with a constraint allocates %v times", allocs)
	}
}
