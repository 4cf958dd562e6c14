package models

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// twoTowerData makes inputs a (n, 3) and b (n, 2) with a regression target
// r = a·[1, -2, 0.5] + b·[3, 1] and a class c = (a0 + b0 > 0).
func twoTowerData(n int, seed uint64) (a, b, r, c *tensor.Tensor) {
	rng := tensor.NewRNG(seed)
	a = rng.Normal(tensor.Float32, 0, 1, n, 3)
	b = rng.Normal(tensor.Float32, 0, 1, n, 2)
	r = tensor.New(tensor.Float32, n, 1)
	c = tensor.New(tensor.Int64, n)
	for i := 0; i < n; i++ {
		a0, a1, a2 := a.At(i, 0), a.At(i, 1), a.At(i, 2)
		b0, b1 := b.At(i, 0), b.At(i, 1)
		r.Set(a0-2*a1+0.5*a2+3*b0+b1, i, 0)
		if a0+b0 > 0 {
			c.Set(1, i)
		}
	}
	return a, b, r, c
}

// twoTowerModel is a two-input, two-output model: a Dense branch per
// input, concatenated, then a regression head and a classification head.
func twoTowerModel(t *testing.T) *Model {
	t.Helper()
	a := layers.NamedInput("a", 3)
	b := layers.NamedInput("b", 2)
	ha := layers.Call(&layers.Dense{Units: 8, Activation: "tanh"}, a)
	hb := layers.Call(&layers.Dense{Units: 8, Activation: "tanh"}, b)
	h := layers.Call(&layers.Concatenate{}, ha, hb)
	r := layers.Call(&layers.Dense{Units: 1, Name: "price"}, h)
	c := layers.Call(&layers.Dense{Units: 2, Activation: "softmax", Name: "kind"}, h)
	m, err := NewModel([]*layers.Tensor{a, b}, []*layers.Tensor{r, c})
	if err != nil {
		t.Fatal(err)
	}
	m.Seed = 3
	return m
}

func TestFunctionalTwoInputsTwoOutputsTrains(t *testing.T) {
	m := twoTowerModel(t)
	if got := strings.Join(m.OutputNames(), ","); got != "price,kind" {
		t.Fatalf("output names %q", got)
	}
	err := m.CompileWith(CompileConfig{
		Optimizer:     &optimizers.Adam{LearningRate: 0.01},
		Losses:        map[string]losses.Loss{"price": losses.MeanSquaredError{}, "kind": losses.SparseCategoricalCrossentropy{}},
		LossWeights:   map[string]float64{"kind": 0.5},
		OutputMetrics: map[string][]metrics.Metric{"price": {metrics.MeanAbsoluteError{}}, "kind": {metrics.Accuracy{}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b, r, c := twoTowerData(256, 1)
	x := map[string]*tensor.Tensor{"a": a, "b": b}
	y := map[string]*tensor.Tensor{"price": r, "kind": c}
	before, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	hist, err := m.Fit([]*tensor.Tensor{a, b}, []*tensor.Tensor{r, c}, FitOptions{Epochs: 40, BatchSize: 32, ValidationSplit: 0.25, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	want := "loss,price_loss,kind_loss,price_mean_absolute_error,kind_accuracy"
	if got := strings.Join(m.MetricsNames(), ","); got != want {
		t.Errorf("metrics names %q, want %q", got, want)
	}
	for _, k := range []string{"loss", "price_loss", "kind_loss", "kind_accuracy", "val_loss", "val_price_loss", "val_kind_accuracy"} {
		if len(hist.History[k]) != 40 {
			t.Errorf("history %s has %d epochs", k, len(hist.History[k]))
		}
	}
	// The total loss is the weighted sum of the outputs' losses.
	last := func(k string) float64 { v := hist.History[k]; return v[len(v)-1] }
	if got, want := last("loss"), last("price_loss")+0.5*last("kind_loss"); math.Abs(got-want) > 1e-4*math.Max(1, want) {
		t.Errorf("loss %v, price_loss + 0.5 kind_loss = %v", got, want)
	}
	ta, tb, tr, tc := twoTowerData(200, 2)
	after, err := m.Evaluate(map[string]*tensor.Tensor{"b": tb, "a": ta}, []*tensor.Tensor{tr, tc}, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if after[1] > 0.25*before[1] || after[4] < 0.9 {
		t.Errorf("test price MSE %.3f (from %.3f), accuracy %.3f: want a quarter of the start and ≥ 0.9", after[1], before[1], after[4])
	}
	outs, err := m.PredictAll([]*tensor.Tensor{ta, tb}, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if !outs[0].Shape().Equal(tensor.Shape{200, 1}) || !outs[1].Shape().Equal(tensor.Shape{200, 2}) {
		t.Errorf("prediction shapes %v %v", outs[0].Shape(), outs[1].Shape())
	}
	if _, err := m.Predict([]*tensor.Tensor{ta, tb}); err == nil || !strings.Contains(err.Error(), "PredictAll") {
		t.Errorf("Predict on two outputs: %v", err)
	}
}

// TestSharedLayerIsOneVariable applies one Dense to two inputs (a siamese
// tower): one kernel and one bias, in the model and in its graphs.
func TestSharedLayerIsOneVariable(t *testing.T) {
	shared := &layers.Dense{Units: 4, Activation: "relu"}
	a, b := layers.Input(3), layers.Input(3)
	d := layers.Call(&layers.Subtract{}, layers.Call(shared, a), layers.Call(shared, b))
	out := layers.Call(&layers.Dense{Units: 1}, d)
	m, err := NewModel([]*layers.Tensor{a, b}, []*layers.Tensor{out})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.BuildFor(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.WeightNames(), ","); got != "dense/kernel,dense/bias,dense_1/kernel,dense_1/bias" {
		t.Errorf("weights %s", got)
	}
	if n := len(m.Graph().Variables()); n != 4 {
		t.Errorf("%d variables in the inference graph, want 4", n)
	}
	// Training moves the one shared kernel: both towers see it.
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(1)
	x1, x2 := rng.Normal(tensor.Float32, 0, 1, 8, 3), rng.Normal(tensor.Float32, 0, 1, 8, 3)
	k0 := shared.Kernel().Value().Clone()
	if _, err := m.TrainOnBatch([]*tensor.Tensor{x1, x2}, rng.Normal(tensor.Float32, 0, 1, 8, 1)); err != nil {
		t.Fatal(err)
	}
	if tensor.ArrayEqual(k0, shared.Kernel().Value()) {
		t.Error("the shared kernel did not change")
	}
	// The same input on both sides: the difference, hence the output's
	// dependence on x, vanishes.
	p, err := m.Predict([]*tensor.Tensor{x1, x1}, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	bias := m.Layers()[len(m.Layers())-1].Weights()[1].Value().At(0)
	for i := 0; i < 8; i++ {
		if p.At(i, 0) != bias {
			t.Fatalf("prediction %d is %v, want the output bias %v", i, p.At(i, 0), bias)
		}
	}
}

// TestNestedModelTrains uses a Sequential model as a layer of a functional
// model: training the outer model trains the inner one's weights.
func TestNestedModelTrains(t *testing.T) {
	inner := MustSequential(&layers.Dense{Units: 8, Activation: "tanh", InputShape: []int{2}}, &layers.Dense{Units: 1})
	x := layers.Input(2)
	y := layers.Call(&layers.Dense{Units: 1, Name: "head"}, layers.Call(inner, x))
	m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{y})
	if err != nil {
		t.Fatal(err)
	}
	m.Seed = 5
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.02}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	xs, ys := linearData(200)
	if got := len(m.WeightValues()); got != 6 {
		t.Fatalf("%d weights, want 6 (2 inner Dense + head)", got)
	}
	k0 := inner.WeightValues()[0]
	hist, err := m.Fit(xs, ys, FitOptions{Epochs: 60, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	losses := hist.History["loss"]
	if losses[len(losses)-1] > 0.05*losses[0] {
		t.Errorf("loss %v → %v: the nested model did not train", losses[0], losses[len(losses)-1])
	}
	if tensor.ArrayEqual(k0, inner.WeightValues()[0]) {
		t.Error("the inner model's kernel did not change")
	}
	// The inner model, used alone, predicts with the trained weights.
	if _, err := inner.Predict(xs, PredictOptions{Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
}

// runningMean is a layer with state: a non-trainable weight holding the
// running mean of its input's first feature, updated in training only.
type runningMean struct {
	layers.Base
	mean *layers.Weight
}

func (*runningMean) Type() string { return "RunningMean" }

func (r *runningMean) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := layers.One(r, in)
	return []tensor.Shape{s}, err
}

func (r *runningMean) Build(ctx *layers.Context, _ []tensor.Shape) error {
	var err error
	r.mean, err = ctx.AddWeight("mean", tensor.Shape{}, constant(0), nil, false)
	return err
}

func (r *runningMean) Call(ctx *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if ctx.Training {
		batchMean := graph.Mean(graph.Slice(x, 1, 0, 1), nil, false)
		m := ctx.Var(r.mean)
		next := graph.Add(graph.Mul(m, ctx.Graph.Scalar(0.5)), graph.Mul(batchMean, ctx.Graph.Scalar(0.5)))
		if err := ctx.AddUpdate(r.mean, next); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// constant initialises every element to v.
type constant float64

func (c constant) Init(_ *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	t := tensor.New(dtype, shape...)
	t.Fill(float64(c))
	return t, nil
}

func TestLayerUpdatesRunInTrainingOnly(t *testing.T) {
	rm := &runningMean{}
	m := MustSequential(&layers.InputLayer{Shape: []int{2}}, rm, &layers.Dense{Units: 1})
	m.Seed = 1
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	// Every sample's first feature is 4: after n steps the mean is 4(1 − 2⁻ⁿ).
	x := tensor.Full[float32](4, 8, 2)
	y := tensor.Zeros(tensor.Float32, 8, 1)
	if _, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(x, PredictOptions{Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.TestOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if v := rm.mean.Value().Item(); v != 0 {
		t.Fatalf("Evaluate/Predict/TestOnBatch changed the running mean to %v", v)
	}
	if _, err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	if v, want := rm.mean.Value().Item(), 4*(1-math.Pow(2, -6)); math.Abs(v-want) > 1e-6 {
		t.Errorf("after 6 training steps the running mean is %v, want %v", v, want)
	}
	before := rm.mean.Value().Item()
	if _, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	if rm.mean.Value().Item() != before {
		t.Error("Evaluate after Fit changed the running mean")
	}
}

// penalty is a layer that adds 0.1·sum(x²) to the loss (activity
// regularization) and passes x through.
type penalty struct{ layers.Base }

func (*penalty) Type() string { return "Penalty" }
func (p *penalty) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := layers.One(p, in)
	return []tensor.Shape{s}, err
}
func (*penalty) Build(*layers.Context, []tensor.Shape) error { return nil }
func (p *penalty) Call(ctx *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	term := graph.Mul(graph.Sum(graph.Square(in[0]), nil, false), ctx.Graph.Scalar(0.1))
	return in, ctx.AddLoss(term)
}

func TestAddLossCountsInTheLoss(t *testing.T) {
	d := &layers.Dense{Units: 1, NoBias: true}
	m := MustSequential(&layers.InputLayer{Shape: []int{1}}, d, &penalty{})
	if err := m.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	if err := d.Kernel().Set(tensor.FromSlice([]float32{2}, 1, 1)); err != nil {
		t.Fatal(err)
	}
	// x = [1, 2], y = [0, 0]: predictions [2, 4], MSE 10, penalty 0.1·20 = 2.
	x := tensor.FromSlice([]float32{1, 2}, 2, 1)
	y := tensor.Zeros(tensor.Float32, 2, 1)
	got, err := m.TestOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0]-12) > 1e-5 {
		t.Errorf("loss %v, want 12 (MSE 10 + penalty 2)", got[0])
	}
}

func TestRecompileKeepsWeightsAndTrains(t *testing.T) {
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(64)
	if _, err := m.Fit(x, y, FitOptions{Epochs: 5, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	trained := m.WeightValues()
	if err := m.CompileWith(CompileConfig{Optimizer: &optimizers.Adam{}, Loss: losses.MeanSquaredError{}, LearningRate: 1e-4}); err != nil {
		t.Fatalf("Compile after training: %v", err)
	}
	if !sameWeights(trained, m.WeightValues()) {
		t.Fatal("Compile changed the weights")
	}
	if lr, _ := m.LearningRate(); lr != 1e-4 {
		t.Errorf("learning rate %v, want 1e-4", lr)
	}
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	if sameWeights(trained, m.WeightValues()) {
		t.Error("Fit after Compile did not train")
	}
}

// TestATrainingMistakeDoesNotBreakPredict gives Fit labels that do not fit
// the loss: the error is reported, and Predict, Evaluate and a corrected
// Fit still work.
func TestATrainingMistakeDoesNotBreakPredict(t *testing.T) {
	m := regressionModel(1)
	if err := m.CompileNamed("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(32)
	if _, err := m.Fit(x, tensor.New(tensor.Float32, 32, 3), FitOptions{Epochs: 1, Verbose: Silent}); err == nil {
		t.Fatal("labels of the wrong shape trained")
	}
	if _, err := m.Predict(x, PredictOptions{Verbose: Silent}); err != nil {
		t.Errorf("Predict after a failed Fit: %v", err)
	}
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent}); err != nil {
		t.Errorf("Fit with the right labels after a failed one: %v", err)
	}
	if _, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent}); err != nil {
		t.Errorf("Evaluate: %v", err)
	}
}

func TestFunctionalModelMistakes(t *testing.T) {
	a, b := layers.Input(3), layers.Input(3)
	other := layers.NamedInput("other", 3)
	sum := layers.Call(&layers.Add{}, a, other)
	cases := []struct {
		name    string
		in, out []*layers.Tensor
		want    string
	}{
		{"undeclared input", []*layers.Tensor{a}, []*layers.Tensor{sum},
			`models: an output depends on input "other", which is not among the model's inputs: list it in NewModel's inputs`},
		{"unused input", []*layers.Tensor{a, b, other}, []*layers.Tensor{sum},
			`models: input 1 (an input of shape (None, 3)) is not connected to any output`},
		{"merge shapes", []*layers.Tensor{a}, []*layers.Tensor{layers.Call(&layers.Add{}, a, layers.Call(&layers.Dense{Units: 2}, a))},
			`models: output 0: Add layer: inputs of shapes [(None, 3), (None, 2)] cannot be merged: axis 1 has sizes 3 and 2`},
		{"nil layer", []*layers.Tensor{a}, []*layers.Tensor{layers.Call((*layers.Dense)(nil), a)},
			`models: output 0: layers: Call: the layer is nil`},
		{"no outputs", []*layers.Tensor{a}, nil, `models: a model needs at least one input and one output`},
		{"output from no input", []*layers.Tensor{a}, []*layers.Tensor{b},
			`models: an output depends on an input of shape (None, 3), which is not among the model's inputs: list it in NewModel's inputs`},
	}
	for _, c := range cases {
		_, err := NewModel(c.in, c.out)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.name, err, c.want)
		}
	}
}

// TestFunctionalSummaryMatchesKeras pins the table Keras's print_summary
// prints for a functional model (98 columns, stops at 33%, 55%, 67%, a
// "Connected to" column listing each input as layer[node][tensor], extra
// connections on their own rows, layers by decreasing depth).
func TestFunctionalSummaryMatchesKeras(t *testing.T) {
	x1, x2 := layers.Input(4), layers.Input(4)
	h1 := layers.Call(&layers.Dense{Units: 8}, x1)
	h2 := layers.Call(&layers.Dense{Units: 8}, x2)
	s := layers.Call(&layers.Add{}, h1, h2)
	c := layers.Call(&layers.Concatenate{}, s, h1)
	out := layers.Call(&layers.Dense{Units: 1}, c)
	m, err := NewModel([]*layers.Tensor{x1, x2}, []*layers.Tensor{out})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := m.Summary(&b); err != nil {
		t.Fatal(err)
	}
	want := `Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
input_layer (InputLayer)        (None, 4)            0                                            
__________________________________________________________________________________________________
input_layer_1 (InputLayer)      (None, 4)            0                                            
__________________________________________________________________________________________________
dense (Dense)                   (None, 8)            40          input_layer[0][0]                
__________________________________________________________________________________________________
dense_1 (Dense)                 (None, 8)            40          input_layer_1[0][0]              
__________________________________________________________________________________________________
add (Add)                       (None, 8)            0           dense[0][0]                      
                                                                 dense_1[0][0]                    
__________________________________________________________________________________________________
concatenate (Concatenate)       (None, 16)           0           add[0][0]                        
                                                                 dense[0][0]                      
__________________________________________________________________________________________________
dense_2 (Dense)                 (None, 1)            17          concatenate[0][0]                
==================================================================================================
Total params: 97
Trainable params: 97
Non-trainable params: 0
__________________________________________________________________________________________________
`
	if got := b.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

// An outer model's layers are named apart from a nested model's, so every
// weight name is unique and weights files round-trip.
func TestNestedModelNamesDoNotClash(t *testing.T) {
	inner := MustSequential(&layers.Dense{Units: 3, InputShape: []int{2}})
	x := layers.Input(2)
	y := layers.Call(&layers.Dense{Units: 1}, layers.Call(inner, x))
	m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{y})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.WeightNames(), ","); got != "dense/kernel,dense/bias,dense_1/kernel,dense_1/bias" {
		t.Errorf("weights %s", got)
	}
	path := t.TempDir() + "/w.safetensors"
	if err := m.SaveWeights(path); err != nil {
		t.Fatal(err)
	}
	if err := m.LoadWeights(path); err != nil {
		t.Fatal(err)
	}
}
