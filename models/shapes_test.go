package models

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

var quietPredict = PredictOptions{Verbose: Silent}

// tokens returns n sequences of length steps of ids in [1, 10).
func tokens(n, steps int, seed uint64) *tensor.Tensor {
	r := tensor.NewRNG(seed)
	x := tensor.New(tensor.Float64, n, steps)
	for i := range x.Float64s() {
		x.Float64s()[i] = float64(1 + r.Intn(9))
	}
	return x
}

// features returns n sequences of length steps of 3 features.
func features(n, steps int, seed uint64) *tensor.Tensor {
	r := tensor.NewRNG(seed)
	x := tensor.New(tensor.Float64, n, steps, 3)
	for i := range x.Float64s() {
		x.Float64s()[i] = r.Float64()*2 - 1
	}
	return x
}

// embeddingLSTM is Embedding(10, 4) + LSTM(3) + Dense(1) on sequences of
// length steps (layers.None: any).
func embeddingLSTM(t *testing.T, steps int) *Model {
	t.Helper()
	s := MustSequential(
		&layers.InputLayer{Shape: []int{steps}},
		&layers.Embedding{InputDim: 10, OutputDim: 4},
		&layers.LSTM{Units: 3},
		&layers.Dense{Units: 1},
	)
	m := &s.Model
	m.DType, m.Seed = tensor.Float64, 1
	if err := m.BuildFor(); err != nil {
		t.Fatal(err)
	}
	return m
}

// inputGRU is the functional Input(steps, 3) + GRU(4, ReturnSequences).
func inputGRU(t *testing.T, steps int) *Model {
	t.Helper()
	x := layers.Input(steps, 3)
	m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(&layers.GRU{Units: 4, ReturnSequences: true}, x)})
	if err != nil {
		t.Fatal(err)
	}
	m.DType, m.Seed = tensor.Float64, 2
	if err := m.BuildFor(); err != nil {
		t.Fatal(err)
	}
	return m
}

// requireClose fails unless got and want have one shape and values within
// tol.
func requireClose(t *testing.T, what string, got, want *tensor.Tensor, tol float64) {
	t.Helper()
	if !got.Shape().Equal(want.Shape()) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape(), want.Shape())
	}
	for i, w := range want.Float64s() {
		if g := got.Float64s()[i]; math.Abs(g-w) > tol {
			t.Fatalf("%s: [%d] = %v, want %v", what, i, g, w)
		}
	}
}

// A model whose input has a None sequence length predicts sequences of
// any length with its one set of weights, as fixed-length models with
// those weights do; its Summary shows the None axis as Keras does.
func TestNoneLengthPredictsAsFixedLength(t *testing.T) {
	for _, c := range []struct {
		name  string
		make  func(*testing.T, int) *Model
		input func(n, steps int, seed uint64) *tensor.Tensor
		shape string
	}{
		{"Embedding+LSTM", embeddingLSTM, tokens, "(None, None, 4)"},
		{"Input+GRU", inputGRU, features, "(None, None, 4)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dyn := c.make(t, layers.None)
			var sum strings.Builder
			if err := dyn.Summary(&sum); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(sum.String(), c.shape) {
				t.Errorf("Summary shows no %s:\n%s", c.shape, sum.String())
			}
			for _, steps := range []int{5, 9, 5} {
				fixed := c.make(t, steps)
				if err := fixed.SetWeights(dyn.WeightValues()); err != nil {
					t.Fatal(err)
				}
				x := c.input(6, steps, uint64(steps))
				want, err := fixed.Predict(x, quietPredict)
				if err != nil {
					t.Fatal(err)
				}
				got, err := dyn.Predict(x, quietPredict)
				if err != nil {
					t.Fatalf("length %d: %v", steps, err)
				}
				requireClose(t, fmt.Sprintf("length %d", steps), got, want, 1e-12)
				pb, err := dyn.PredictOnBatch(x)
				if err != nil {
					t.Fatal(err)
				}
				requireClose(t, fmt.Sprintf("PredictOnBatch, length %d", steps), pb, want, 1e-12)
			}
			if n := len(dyn.infs); n != 2 {
				t.Errorf("%d inference graphs kept for lengths 5 and 9, want 2", n)
			}
		})
	}
}

// Training on batches of alternating lengths is one training run: the
// loss falls on both lengths, and the optimizer counts every step in one
// state.
func TestTrainOnBatchAlternatingLengths(t *testing.T) {
	m := embeddingLSTM(t, layers.None)
	opt := &optimizers.Adam{LearningRate: 0.05}
	if err := m.Compile(opt, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	data := map[int][2]*tensor.Tensor{}
	for _, steps := range []int{4, 7} {
		x := tokens(16, steps, uint64(steps))
		y := tensor.New(tensor.Float64, 16, 1)
		for i := range y.Float64s() { // the share of ids above 5
			k := 0
			for _, v := range x.Float64s()[i*steps : (i+1)*steps] {
				if v > 5 {
					k++
				}
			}
			y.Float64s()[i] = float64(k) / float64(steps)
		}
		data[steps] = [2]*tensor.Tensor{x, y}
	}
	loss := func(steps int) float64 {
		v, err := m.TestOnBatch(data[steps][0], data[steps][1])
		if err != nil {
			t.Fatal(err)
		}
		return v[0]
	}
	before4, before7 := loss(4), loss(7)
	const steps = 60
	for i := 0; i < steps; i++ {
		d := data[4]
		if i%2 == 1 {
			d = data[7]
		}
		if _, err := m.TrainOnBatch(d[0], d[1]); err != nil {
			t.Fatal(err)
		}
	}
	after4, after7 := loss(4), loss(7)
	if !(after4 < before4/2 && after7 < before7/2) {
		t.Errorf("loss on length 4: %v → %v, on length 7: %v → %v; want both halved", before4, after4, before7, after7)
	}
	if it := opt.Iterations(); it != steps {
		t.Errorf("the optimizer counted %d steps, want %d (one state for both lengths)", it, steps)
	}
}

// Fit on one length, then Predict, Evaluate and TrainOnBatch on others.
func TestFitThenPredictOtherLength(t *testing.T) {
	m := inputGRU(t, layers.None)
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.1}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x7 := features(8, 7, 7)
	y7 := tensor.New(tensor.Float64, 8, 7, 4)
	val := features(4, 3, 3)
	_, err := m.Fit(x7, y7, FitOptions{Epochs: 2, BatchSize: 4, Verbose: Silent,
		ValidationX: val, ValidationY: tensor.New(tensor.Float64, 4, 3, 4)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(features(2, 11, 11), quietPredict)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Shape().Equal(tensor.Shape{2, 11, 4}) {
		t.Fatalf("Predict on length 11: shape %v, want (2, 11, 4)", p.Shape())
	}
	if _, err := m.Evaluate(features(3, 2, 2), tensor.New(tensor.Float64, 3, 2, 4), EvaluateOptions{Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	_, err = m.Predict(tensor.New(tensor.Float64, 2, 5, 4), quietPredict)
	if err == nil || !strings.Contains(err.Error(), "(None, None, 3)") {
		t.Errorf("4 features for 3: got %v, want an error naming (None, None, 3)", err)
	}
}

// A model keeps the graphs of its last maxShapeGraphs input shapes, and
// a steady-state step at a length seen before allocates nothing.
func TestShapeGraphsBounded(t *testing.T) {
	m := inputGRU(t, layers.None)
	if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	// From 2 steps: with one step from zero states, a recurrent kernel
	// gets no gradient, which is an error.
	for steps := 2; steps <= maxShapeGraphs+4; steps++ {
		x := features(2, steps, uint64(steps))
		if _, err := m.Predict(x, quietPredict); err != nil {
			t.Fatal(err)
		}
		if _, err := m.TrainOnBatch(x, tensor.New(tensor.Float64, 2, steps, 4)); err != nil {
			t.Fatal(err)
		}
		if len(m.infs) > maxShapeGraphs || len(m.comp.heads) > maxShapeGraphs {
			t.Fatalf("after %d lengths: %d inference graphs and %d heads kept, want at most %d",
				steps, len(m.infs), len(m.comp.heads), maxShapeGraphs)
		}
	}
	if got := m.infs[0].shapes[0]; !got.Equal(tensor.Shape{maxShapeGraphs + 4, 3}) {
		t.Errorf("the graph used last is for %v, want it first", got)
	}
	x := features(2, 2, 1) // a length dropped from the graphs: rebuilt
	y := tensor.New(tensor.Float64, 2, 2, 4)
	x5, y5 := features(2, 5, 1), tensor.New(tensor.Float64, 2, 5, 4)
	for _, fn := range []func(){
		func() { m.TrainOnBatch(x, y) },
		func() { m.TrainOnBatch(x5, y5) },
	} {
		fn()
	}
	if got := testing.AllocsPerRun(20, func() {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	}); got != 0 {
		t.Errorf("a steady-state TrainOnBatch at a length seen before allocates %v times, want 0", got)
	}
	if got := testing.AllocsPerRun(20, func() {
		if _, err := m.PredictOnBatch(x5); err != nil {
			t.Fatal(err)
		}
	}); got != 0 {
		t.Errorf("a steady-state PredictOnBatch allocates %v times, want 0", got)
	}
}

// Save and Load keep the None axis (null in the config) and the
// optimizer's state: the loaded model predicts bit for bit as the saved
// one at every length, and trains on as it would have.
func TestSaveLoadNoneLength(t *testing.T) {
	m := embeddingLSTM(t, layers.None)
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x6, y6 := tokens(4, 6, 6), tensor.New(tensor.Float64, 4, 1)
	x3, y3 := tokens(4, 3, 3), tensor.New(tensor.Float64, 4, 1)
	y3.Fill(0.5)
	for _, d := range [][2]*tensor.Tensor{{x6, y6}, {x3, y3}} {
		if _, err := m.TrainOnBatch(d[0], d[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "m.keras")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	cfg, err := readArchiveEntry(path, entryConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(cfg)), ""), `"shape":[null]`) {
		t.Errorf("config.json does not hold the None axis as null:\n%s", cfg)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, steps := range []int{6, 9} {
		x := tokens(3, steps, 42)
		want, _ := m.Predict(x, quietPredict)
		got, err := back.Predict(x, quietPredict)
		if err != nil {
			t.Fatal(err)
		}
		requireClose(t, fmt.Sprintf("loaded model, length %d", steps), got, want, 0)
	}
	for _, mm := range []*Model{m, back} {
		if _, err := mm.TrainOnBatch(x6, y6); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range m.WeightValues() {
		requireClose(t, "weight "+m.WeightNames()[i]+" after one more step", back.WeightValues()[i], w, 0)
	}
}

// A layer that needs a known length says so where Keras raises: Dense on
// an unknown last axis when built; Flatten of a sequence of unknown length
// gives (None,), and the Dense after it raises.
func TestNoneLengthErrors(t *testing.T) {
	x := layers.Input(3, layers.None)
	_, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(&layers.Dense{Units: 2, Name: "head"}, x)})
	if err == nil || !strings.Contains(err.Error(), `"head"`) || !strings.Contains(err.Error(), "(None, 3, None)") {
		t.Errorf("Dense on an unknown last axis: %v", err)
	}
	x = layers.Input(layers.None, 3)
	seq := layers.Call(&layers.LSTM{Units: 2, ReturnSequences: true}, x)
	flat := layers.Call(&layers.Flatten{}, seq)
	if got := flat.Shape(); !got.Equal(tensor.Shape{layers.None}) {
		t.Errorf("Flatten of (None, None, 2): %v, want (None, None)", layers.FormatSampleShape(got))
	}
	_, err = NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(&layers.Dense{Units: 1, Name: "out"}, flat)})
	if err == nil || !strings.Contains(err.Error(), `"out"`) || !strings.Contains(err.Error(), "(None, None)") {
		t.Errorf("Dense after Flatten of an unknown length: %v", err)
	}
}

// readArchiveEntry returns one entry of a model file.
func readArchiveEntry(path, name string) ([]byte, error) {
	a, err := saving.OpenArchive(path, archiveLimits)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return a.ReadAll(name)
}

// Bidirectional and TimeDistributed take sequences of a None length too,
// and a masked sequence (Masking) keeps its mask at every length.
func TestNoneLengthWrappers(t *testing.T) {
	build := func(steps int) *Model {
		x := layers.Input(steps, 3)
		h := layers.Call(&layers.Masking{}, x)
		h = layers.Call(&layers.Bidirectional{Layer: &layers.LSTM{Units: 2, ReturnSequences: true}}, h)
		y := layers.Call(&layers.TimeDistributed{Layer: &layers.Dense{Units: 1}}, h)
		m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{y})
		if err != nil {
			t.Fatal(err)
		}
		m.DType, m.Seed = tensor.Float64, 3
		if err := m.BuildFor(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	dyn := build(layers.None)
	for _, steps := range []int{4, 6} {
		fixed := build(steps)
		if err := fixed.SetWeights(dyn.WeightValues()); err != nil {
			t.Fatal(err)
		}
		x := features(3, steps, uint64(steps))
		for j := 0; j < 3; j++ { // pad the last step of the first sample
			x.Float64s()[(steps-1)*3+j] = 0
		}
		want, err := fixed.Predict(x, quietPredict)
		if err != nil {
			t.Fatal(err)
		}
		got, err := dyn.Predict(x, quietPredict)
		if err != nil {
			t.Fatal(err)
		}
		requireClose(t, fmt.Sprintf("length %d", steps), got, want, 1e-12)
	}
}
