package models

import (
	"sort"
	"strings"
	"testing"

	"github.com/neurite/neurite/config"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// layerCase is a small model built around some layers: inputs of the
// given per-sample shapes, body computing one tensor from them.
type layerCase struct {
	name   string
	shapes [][]int
	ints   int // > 0: inputs are integers in [0, ints) (Embedding)
	body   func(in []*layers.Tensor) *layers.Tensor
}

// layerCases cover every layer type of package layers (checked by
// TestLayerRoundTripsCoverEveryLayer).
func layerCases() []layerCase {
	f := func(s ...int) [][]int { return [][]int{s} }
	call := func(x *layers.Tensor, ls ...layers.Layer) *layers.Tensor {
		for _, l := range ls {
			x = layers.Call(l, x)
		}
		return x
	}
	return []layerCase{
		{"dense_activation", f(3), 0, func(in []*layers.Tensor) *layers.Tensor {
			return call(in[0], &layers.Dense{Units: 4}, &layers.Activation{Fn: "tanh"})
		}},
		{"merges", [][]int{{3}, {3}}, 0, func(in []*layers.Tensor) *layers.Tensor {
			a := layers.Call(&layers.Dense{Units: 4}, in[0])
			b := layers.Call(&layers.Dense{Units: 4}, in[1])
			return layers.Call(&layers.Concatenate{},
				layers.Call(&layers.Add{}, a, b), layers.Call(&layers.Subtract{}, a, b),
				layers.Call(&layers.Multiply{}, a, b), layers.Call(&layers.Average{}, a, b),
				layers.Call(&layers.Maximum{}, a, b), layers.Call(&layers.Minimum{}, a, b),
				layers.Call(&layers.Dot{Axes: []int{1}}, a, b))
		}},
		{"conv1d_pooling", f(8, 2), 0, func(in []*layers.Tensor) *layers.Tensor {
			x := call(in[0], &layers.Conv1D{Filters: 3, KernelSize: 3, Activation: "relu"})
			return layers.Call(&layers.Concatenate{},
				call(x, &layers.MaxPooling1D{}, &layers.GlobalAveragePooling1D{}),
				call(x, &layers.AveragePooling1D{}, &layers.GlobalMaxPooling1D{}))
		}},
		{"conv2d_family", f(6, 6, 2), 0, func(in []*layers.Tensor) *layers.Tensor {
			x := call(in[0], &layers.Rescaling{Scale: 0.5, Offset: 0.1}, &layers.RandomFlip{},
				&layers.RandomTranslation{HeightFactor: []float64{0.2}, WidthFactor: []float64{0.2}},
				&layers.Conv2D{Filters: 3, KernelSize: [2]int{3, 3}, Padding: "same"},
				&layers.BatchNormalization{}, &layers.SpatialDropout2D{Rate: 0.2})
			a := call(x, &layers.DepthwiseConv2D{KernelSize: [2]int{2, 2}}, &layers.MaxPooling2D{}, &layers.GlobalAveragePooling2D{})
			b := call(x, &layers.SeparableConv2D{Filters: 2, KernelSize: [2]int{3, 3}}, &layers.AveragePooling2D{}, &layers.GlobalMaxPooling2D{})
			c := call(x, &layers.Conv2DTranspose{Filters: 2, KernelSize: [2]int{2, 2}, Strides: [2]int{2, 2}},
				&layers.Cropping2D{Cropping: [2][2]int{{1, 1}, {2, 2}}}, &layers.ZeroPadding2D{Padding: [2][2]int{{1, 0}, {0, 1}}},
				&layers.UpSampling2D{Size: [2]int{2, 2}}, &layers.GlobalMaxPooling2D{})
			return layers.Call(&layers.Concatenate{}, a, b, c)
		}},
		{"normalizations_activations", f(4), 0, func(in []*layers.Tensor) *layers.Tensor {
			norm := &layers.Normalization{}
			if err := norm.Adapt(layerData([]int{4}, 0, 50, 7)); err != nil {
				panic(err)
			}
			x := call(in[0], norm, &layers.Dense{Units: 5}, &layers.LayerNormalization{}, &layers.Dropout{Rate: 0.3})
			return layers.Call(&layers.Concatenate{}, call(x, &layers.ReLU{}), call(x, &layers.LeakyReLU{}),
				call(x, &layers.PReLU{}), call(x, &layers.ELU{}), call(x, &layers.Softmax{}))
		}},
		{"reshaping", f(6), 0, func(in []*layers.Tensor) *layers.Tensor {
			return call(in[0], &layers.Dense{Units: 6}, &layers.Reshape{TargetShape: []int{2, 3}},
				&layers.Permute{Dims: []int{2, 1}}, &layers.Flatten{})
		}},
		{"recurrent", f(5, 3), 0, func(in []*layers.Tensor) *layers.Tensor {
			x := call(in[0], &layers.TimeDistributed{Layer: &layers.Dense{Units: 3}})
			return layers.Call(&layers.Concatenate{},
				call(x, &layers.SimpleRNN{Units: 2}), call(x, &layers.GRU{Units: 2, Dropout: 0.2}),
				call(x, &layers.LSTM{Units: 2, RecurrentDropout: 0.2}),
				call(x, &layers.Bidirectional{Layer: &layers.LSTM{Units: 2}}))
		}},
		{"embedding", f(4), 9, func(in []*layers.Tensor) *layers.Tensor {
			return call(in[0], &layers.Embedding{InputDim: 9, OutputDim: 3}, &layers.Flatten{})
		}},
		{"masked_embedding", f(5), 9, func(in []*layers.Tensor) *layers.Tensor {
			return call(in[0], &layers.Embedding{InputDim: 9, OutputDim: 3, MaskZero: true},
				&layers.LSTM{Units: 2, ReturnSequences: true}, &layers.GlobalAveragePooling1D{})
		}},
		{"masking", f(5, 3), 0, func(in []*layers.Tensor) *layers.Tensor {
			return call(in[0], &layers.Masking{MaskValue: 0.5}, &layers.GRU{Units: 2})
		}},
	}
}

// layerData returns n samples of shape, integers in [0, ints) when ints >
// 0, else values in [-1, 1), drawn from seed.
func layerData(shape []int, ints, n int, seed uint64) *tensor.Tensor {
	rng := tensor.NewRNG(seed)
	x := tensor.New(tensor.Float32, append([]int{n}, shape...)...)
	for i := range x.Float32s() {
		if ints > 0 {
			x.Float32s()[i] = float32(rng.Intn(ints))
		} else {
			x.Float32s()[i] = float32(2*rng.Float64() - 1)
		}
	}
	return x
}

// build makes the case's model, ending in Dense(1), compiled with Adam.
func (c layerCase) build() *Model {
	var in []*layers.Tensor
	for _, s := range c.shapes {
		in = append(in, layers.Input(s...))
	}
	out := layers.Call(&layers.Dense{Units: 1}, c.body(in))
	m, err := NewModel(in, []*layers.Tensor{out})
	if err != nil {
		panic(err)
	}
	m.Seed = 17
	if err := m.CompileWith(CompileConfig{Optimizer: &optimizers.Adam{LearningRate: 0.01}, Loss: losses.MeanSquaredError{}}); err != nil {
		panic(err)
	}
	return m
}

// data returns the case's inputs and labels.
func (c layerCase) data(n int) ([]*tensor.Tensor, *tensor.Tensor) {
	var xs []*tensor.Tensor
	for i, s := range c.shapes {
		xs = append(xs, layerData(s, c.ints, n, uint64(10+i)))
	}
	return xs, layerData([]int{1}, 0, n, 3)
}

// TestLayerRoundTripsAreExact trains each model of layerCases a few
// steps (so that BatchNormalization's moving statistics move), saves and
// loads it: the loaded model predicts bit for bit the same, and training
// both one more epoch keeps them equal bit for bit.
func TestLayerRoundTripsAreExact(t *testing.T) {
	for _, c := range layerCases() {
		t.Run(c.name, func(t *testing.T) {
			xs, y := c.data(24)
			m := c.build()
			if _, err := m.Fit(xs, y, FitOptions{Epochs: 2, BatchSize: 8, Verbose: Silent}); err != nil {
				t.Fatal(err)
			}
			checkMovingStatistics(t, m)
			loaded := saveLoad(t, m)
			p1, err := m.Predict(xs, PredictOptions{Verbose: Silent})
			if err != nil {
				t.Fatal(err)
			}
			p2, err := loaded.Predict(xs, PredictOptions{Verbose: Silent})
			if err != nil {
				t.Fatal(err)
			}
			if bits(p1) != bits(p2) {
				t.Fatal("the loaded model predicts differently")
			}
			if _, err := m.Fit(xs, y, FitOptions{Epochs: 3, InitialEpoch: 2, BatchSize: 8, Verbose: Silent}); err != nil {
				t.Fatal(err)
			}
			if _, err := loaded.Fit(xs, y, FitOptions{Epochs: 3, InitialEpoch: 2, BatchSize: 8, Verbose: Silent}); err != nil {
				t.Fatal(err)
			}
			if bits(m.WeightValues()...) != bits(loaded.WeightValues()...) {
				t.Error("one more epoch after Load differs from one more epoch of the saved model")
			}
		})
	}
}

// checkMovingStatistics fails if a BatchNormalization's moving mean is
// still all zeros (its initial value): the round trip would not show
// that non-trainable weights are saved.
func checkMovingStatistics(t *testing.T, m *Model) {
	t.Helper()
	for i, n := range m.WeightNames() {
		if !strings.HasSuffix(n, "moving_mean") {
			continue
		}
		moved := false
		for _, v := range m.WeightValues()[i].Values() {
			moved = moved || v != 0
		}
		if !moved {
			t.Errorf("%s did not move in training", n)
		}
	}
}

// TestLayerRoundTripsCoverEveryLayer checks that layerCases use every
// layer type registered from package layers (InputLayer through a
// Sequential model, which the other resume tests cover too).
func TestLayerRoundTripsCoverEveryLayer(t *testing.T) {
	module, _, ok := config.ClassOf(&layers.Dense{})
	if !ok {
		t.Fatal("Dense is not registered")
	}
	used := map[string]bool{"InputLayer": true}
	var walk func(l layers.Layer)
	walk = func(l layers.Layer) {
		used[l.Type()] = true
		switch w := l.(type) {
		case *layers.Bidirectional:
			walk(w.Layer)
		case *layers.TimeDistributed:
			walk(w.Layer)
		}
	}
	for _, c := range layerCases() {
		for _, l := range c.build().Layers() {
			walk(l)
		}
	}
	var missing []string
	for _, class := range config.Classes(module) {
		if !used[class] {
			missing = append(missing, class)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no round-trip case uses %v", missing)
	}
}

// TestInputLayerRoundTrips: a Sequential model that starts with an
// InputLayer saves and loads with the same predictions.
func TestInputLayerRoundTrips(t *testing.T) {
	s := MustSequential(&layers.InputLayer{Shape: []int{3}}, &layers.Dense{Units: 2})
	s.Seed = 4
	x := layerData([]int{3}, 0, 5, 1)
	p1, err := s.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := saveLoad(t, &s.Model).Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if bits(p1) != bits(p2) {
		t.Fatal("the loaded model predicts differently")
	}
}
