package models

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// statefulKinds returns a fresh recurrent layer of each kind, stateful or
// not, with the options set by opt.
func statefulKinds(stateful bool, opt func(layers.Layer)) map[string]layers.Layer {
	ls := map[string]layers.Layer{
		"SimpleRNN": &layers.SimpleRNN{Units: 3, Stateful: stateful},
		"LSTM":      &layers.LSTM{Units: 3, Stateful: stateful},
		"GRU":       &layers.GRU{Units: 3, Stateful: stateful},
	}
	for _, l := range ls {
		if opt != nil {
			opt(l)
		}
	}
	return ls
}

// rnnModel returns the float64 model x → l(x) on sequences of (steps,
// features), with a fixed batch size if batch > 0.
func rnnModel(t *testing.T, l layers.Layer, batch, steps, features int) *Model {
	t.Helper()
	x := layers.Input(steps, features)
	if batch > 0 {
		x = layers.BatchInput(batch, steps, features)
	}
	m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(l, x)})
	if err != nil {
		t.Fatal(err)
	}
	m.DType, m.Seed = tensor.Float64, 5
	if err := m.BuildFor(); err != nil {
		t.Fatal(err)
	}
	return m
}

func predict(t *testing.T, m *Model, x *tensor.Tensor) *tensor.Tensor {
	t.Helper()
	y, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func closeTo(t *testing.T, what string, got, want *tensor.Tensor, tol float64) {
	t.Helper()
	if !got.Shape().Equal(want.Shape()) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape(), want.Shape())
	}
	if d := tensor.MaxAbsDiff(got, want); !(d <= tol) {
		t.Errorf("%s: differs by %g (tolerance %g)\ngot  %v\nwant %v", what, d, tol, got, want)
	}
}

// A stateful layer fed a sequence in two halves, two batches of half the
// time steps each, ends where the layer fed the whole sequence at once
// ends; after ResetStates it starts from zeros again.
func TestStatefulHalvesMatchWholeSequence(t *testing.T) {
	const batch, steps, features = 2, 6, 4
	x := tensor.NewRNG(11).Normal(tensor.Float64, 0, 1, batch, steps, features)
	first, second := tensor.Slice(x, 1, 0, steps/2), tensor.Slice(x, 1, steps/2, steps)
	for _, backwards := range []bool{false, true} {
		opt := func(l layers.Layer) { setGoBackwards(l, backwards) }
		whole, halfRef := statefulKinds(false, opt), statefulKinds(false, opt)
		for kind, sl := range statefulKinds(true, opt) {
			name := kind
			if backwards {
				name += " backwards"
			}
			t.Run(name, func(t *testing.T) {
				ref := rnnModel(t, whole[kind], 0, steps, features)
				m := rnnModel(t, sl, batch, steps/2, features)
				ref3 := rnnModel(t, halfRef[kind], 0, steps/2, features)
				for _, r := range []*Model{m, ref3} {
					if err := r.SetWeights(ref.WeightValues()); err != nil {
						t.Fatal(err)
					}
				}
				// Going backwards, each batch runs from its last step to
				// its first: the halves are the sequence second half
				// first.
				seq := tensor.Concat(1, first, second)
				a, b := first, second
				if backwards {
					seq = tensor.Concat(1, second, first)
				}
				want := predict(t, ref, seq)
				predict(t, m, a)
				closeTo(t, "two halves", predict(t, m, b), want, 1e-12)

				m.ResetStates()
				closeTo(t, "after ResetStates", predict(t, m, a), predict(t, ref3, a), 1e-12)
				for i, s := range sl.(interface{ States() []*tensor.Tensor }).States() {
					if !s.Shape().Equal(tensor.Shape{batch, 3}) {
						t.Errorf("state %d has shape %v, want (2, 3)", i, s.Shape())
					}
				}
			})
		}
	}
}

func setGoBackwards(l layers.Layer, b bool) {
	switch l := l.(type) {
	case *layers.SimpleRNN:
		l.GoBackwards = b
	case *layers.LSTM:
		l.GoBackwards = b
	case *layers.GRU:
		l.GoBackwards = b
	}
}

// kerasSequence is the sequence of Keras's statefulness tests:
// np.arange(24).reshape(shape).
func kerasSequence(shape ...int) *tensor.Tensor {
	v := make([]float64, 24)
	for i := range v {
		v[i] = float64(i)
	}
	return tensor.FromSlice(v, shape...)
}

// Keras's test_statefulness of SimpleRNN, LSTM, GRU and Bidirectional:
// constant weights 0.01 (kernel), 0.02 (recurrent), 0.03 (bias); the
// second call on np.arange(24) continues from the first call's states;
// after reset_state the second call gives the same numbers again. The
// values are Keras's (keras/src/layers/rnn/*_test.py), to its tolerance.
func TestStatefulKerasNumbers(t *testing.T) {
	k, r, b := initializers.Constant{Value: 0.01}, initializers.Constant{Value: 0.02}, initializers.Constant{Value: 0.03}
	cases := []struct {
		name  string
		layer layers.Layer
		shape []int
		want  []float64 // per sample, every unit equal
		units int
	}{
		{"SimpleRNN", &layers.SimpleRNN{Units: 4, Stateful: true, KernelInitializer: k, RecurrentInitializer: r, BiasInitializer: b},
			[]int{2, 3, 4}, []float64{0.40559256, 0.7361247}, 4},
		{"LSTM", &layers.LSTM{Units: 4, Stateful: true, KernelInitializer: k, RecurrentInitializer: r, BiasInitializer: b},
			[]int{2, 3, 4}, []float64{0.3124785, 0.6863672}, 4},
		{"GRU", &layers.GRU{Units: 4, Stateful: true, KernelInitializer: k, RecurrentInitializer: r, BiasInitializer: b},
			[]int{2, 3, 4}, []float64{0.29542392, 0.5885018}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := rnnModel(t, c.layer, 2, c.shape[1], c.shape[2])
			x := kerasSequence(c.shape...)
			want := tensor.New(tensor.Float64, 2, c.units)
			for i := 0; i < 2; i++ {
				for j := 0; j < c.units; j++ {
					want.Set(c.want[i], i, j)
				}
			}
			for round := 0; round < 2; round++ {
				predict(t, m, x)
				closeTo(t, "second call", predict(t, m, x), want, 1e-6)
				m.ResetStates()
			}
		})
	}
	// Bidirectional takes Stateful from the layer it wraps; each direction
	// keeps its own states.
	bi := &layers.Bidirectional{Layer: &layers.LSTM{Units: 2, Stateful: true, KernelInitializer: k, RecurrentInitializer: r, BiasInitializer: b}}
	m := rnnModel(t, bi, 2, 4, 3)
	x := kerasSequence(2, 4, 3)
	want := tensor.FromSlice([]float64{0.26234663, 0.26234663, 0.16959146, 0.16959146, 0.6137073, 0.6137073, 0.5381646, 0.5381646}, 2, 4)
	for round := 0; round < 2; round++ {
		predict(t, m, x)
		closeTo(t, "Bidirectional second call", predict(t, m, x), want, 1e-6)
		if n := len(bi.States()); n != 4 {
			t.Errorf("Bidirectional has %d states, want 4 (h and c of each direction)", n)
		}
		m.ResetStates()
	}
}

// A stateful layer without a fixed batch size is an error that names the
// layer and says how to declare one, as Keras raises.
func TestStatefulNeedsBatchSize(t *testing.T) {
	x := layers.Input(3, 2)
	m, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(&layers.LSTM{Units: 2, Stateful: true, Name: "memory"}, x)})
	if err != nil {
		t.Fatal(err)
	}
	err = m.BuildFor()
	if err == nil || !strings.Contains(err.Error(), `"memory"`) || !strings.Contains(err.Error(), "BatchSize") {
		t.Fatalf("got %v, want an error naming the layer and BatchSize", err)
	}
	in := layers.BatchInput(-1, 3, 2)
	if err := in.Err(); err == nil || !strings.Contains(err.Error(), "BatchSize") {
		t.Fatalf("negative batch size: got %v", err)
	}
}

// Once a model keeps states for batches of 2, every run must use batches
// of 2: other sizes are errors naming the layer, and leave the states
// alone.
func TestStatefulBatchSizeIsChecked(t *testing.T) {
	l := &layers.GRU{Units: 3, Stateful: true, Name: "memory"}
	m := rnnModel(t, l, 2, 3, 2)
	x := tensor.NewRNG(3).Normal(tensor.Float64, 0, 1, 4, 3, 2)
	y := tensor.New(tensor.Float64, 4, 3)
	if err := m.Compile(&optimizers.SGD{}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	for what, run := range map[string]func() error{
		"Predict BatchSize 4": func() error { _, err := m.Predict(x, PredictOptions{BatchSize: 4, Verbose: Silent}); return err },
		"Predict 3 samples":   func() error { _, err := m.Predict(tensor.Rows(x, 0, 3), PredictOptions{Verbose: Silent}); return err },
		"Evaluate 3 samples": func() error {
			_, err := m.Evaluate(tensor.Rows(x, 0, 3), tensor.Rows(y, 0, 3), EvaluateOptions{Verbose: Silent})
			return err
		},
		"Fit BatchSize 1":  func() error { _, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 1, Verbose: Silent}); return err },
		"PredictOnBatch 4": func() error { _, err := m.PredictOnBatch(x); return err },
		"TrainOnBatch 4":   func() error { _, err := m.TrainOnBatch(x, y); return err },
		"TestOnBatch 4":    func() error { _, err := m.TestOnBatch(x, y); return err },
	} {
		err := run()
		if err == nil || !strings.Contains(err.Error(), `"memory"`) || !strings.Contains(err.Error(), "2") {
			t.Errorf("%s: got %v, want an error naming the stateful layer", what, err)
		}
	}
	for i, s := range l.States() {
		if tensor.MaxAbsDiff(s, tensor.New(tensor.Float64, 2, 3)) != 0 {
			t.Errorf("state %d changed by a failed run: %v", i, s)
		}
	}
	// The default batch size is the declared one.
	predict(t, m, x)
}

// Predict, Evaluate, PredictOnBatch and TestOnBatch store the final states
// (Keras assigns them in every call), and change no weight.
func TestStatefulInferenceUpdatesStates(t *testing.T) {
	l := &layers.LSTM{Units: 3, Stateful: true}
	m := rnnModel(t, l, 2, 3, 2)
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.1}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x := tensor.NewRNG(4).Normal(tensor.Float64, 0, 1, 2, 3, 2)
	y := tensor.New(tensor.Float64, 2, 3)
	weights := m.WeightValues()
	for what, run := range map[string]func() error{
		"Predict":        func() error { _, err := m.Predict(x, PredictOptions{Verbose: Silent}); return err },
		"PredictOnBatch": func() error { _, err := m.PredictOnBatch(x); return err },
		"Evaluate":       func() error { _, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent}); return err },
		"TestOnBatch":    func() error { _, err := m.TestOnBatch(x, y); return err },
	} {
		m.ResetStates()
		if err := run(); err != nil {
			t.Fatal(err)
		}
		h := l.States()[0]
		want := predictFromZero(t, m, x)
		closeTo(t, what+": stored h", h, want, 0)
		if tensor.MaxAbsDiff(h, tensor.New(tensor.Float64, 2, 3)) == 0 {
			t.Errorf("%s left the states at zero", what)
		}
	}
	for i, w := range m.WeightValues() {
		if tensor.MaxAbsDiff(w, weights[i]) != 0 {
			t.Errorf("weight %d changed outside training", i)
		}
	}
}

// predictFromZero returns the output of m (a stateful model whose output is
// the last h) on x from zero states, leaving the states at zero.
func predictFromZero(t *testing.T, m *Model, x *tensor.Tensor) *tensor.Tensor {
	t.Helper()
	m.ResetStates()
	y := predict(t, m, x)
	m.ResetStates()
	return y
}

// A stateful model trains with Fit (no shuffling): its weights learn and
// its states move from batch to batch; the states after Fit are those of
// its last batch, computed with the weights of before its last step.
func TestStatefulFit(t *testing.T) {
	l := &layers.SimpleRNN{Units: 2, Stateful: true}
	m := rnnModel(t, l, 2, 3, 1)
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.05}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(9)
	x := rng.Normal(tensor.Float64, 0, 1, 8, 3, 1)
	y := rng.Normal(tensor.Float64, 0, 0.5, 8, 2)
	before := m.WeightValues()
	h, err := m.Fit(x, y, FitOptions{Epochs: 3, NoShuffle: true, Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if loss := h.History["loss"]; !(loss[len(loss)-1] < loss[0]) {
		t.Errorf("the loss did not fall: %v", loss)
	}
	if tensor.MaxAbsDiff(m.WeightValues()[0], before[0]) == 0 {
		t.Error("Fit left the kernel unchanged")
	}
	if s := l.States()[0]; tensor.MaxAbsDiff(s, tensor.New(tensor.Float64, 2, 2)) == 0 {
		t.Error("Fit left the states at zero")
	}
	// A training step stores the states of its forward pass, computed with
	// the weights of before the step: from zero states, a prediction of
	// the batch with those weights.
	xb, yb := tensor.Rows(x, 0, 2), tensor.Rows(y, 0, 2)
	want := predictFromZero(t, m, xb)
	if _, err := m.TrainOnBatch(xb, yb); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "states after TrainOnBatch", l.States()[0], want, 1e-12)
}

// A stateful model saved and loaded keeps Stateful and its batch size in
// the config; the states are not saved (Keras does not track them), so
// the loaded model starts from zeros: after ResetStates on the original,
// both predict the same numbers, bit for bit, batch after batch.
func TestStatefulSaveLoad(t *testing.T) {
	l := &layers.LSTM{Units: 3, Stateful: true, ReturnSequences: true}
	m := rnnModel(t, l, 2, 3, 2)
	x := tensor.NewRNG(8).Normal(tensor.Float64, 0, 1, 2, 3, 2)
	predict(t, m, x)
	path := filepath.Join(t.TempDir(), "stateful.neurite")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ll, ok := got.Layers()[1].(*layers.LSTM)
	if !ok || !ll.Stateful {
		t.Fatalf("loaded layer %#v, want a stateful LSTM", got.Layers()[1])
	}
	if in := got.Layers()[0].(*layers.InputLayer); in.BatchSize != 2 {
		t.Fatalf("loaded InputLayer has BatchSize %d, want 2", in.BatchSize)
	}
	if s := ll.States(); s == nil || tensor.MaxAbsDiff(s[0], tensor.New(tensor.Float64, 2, 3)) != 0 {
		t.Fatalf("the loaded states are %v, want zeros", s)
	}
	m.ResetStates()
	for batch := 0; batch < 3; batch++ {
		closeTo(t, "loaded model", predict(t, got, x), predict(t, m, x), 0)
	}
}

// Masked steps keep the states, across batches too: a batch whose steps
// are all masked leaves them as they were.
func TestStatefulMaskedStepsKeepStates(t *testing.T) {
	x := layers.BatchInput(2, 3, 2)
	mask := layers.BatchInput(2, 3)
	l := &layers.GRU{Units: 3, Stateful: true, Masked: true}
	m, err := NewModel([]*layers.Tensor{x, mask}, []*layers.Tensor{layers.Call(l, x, mask)})
	if err != nil {
		t.Fatal(err)
	}
	m.DType = tensor.Float64
	xs := tensor.NewRNG(2).Normal(tensor.Float64, 0, 1, 2, 3, 2)
	ones, zeros := tensor.Ones(tensor.Float64, 2, 3), tensor.New(tensor.Float64, 2, 3)
	run := func(mk *tensor.Tensor) {
		if _, err := m.Predict([]*tensor.Tensor{xs, mk}, PredictOptions{Verbose: Silent}); err != nil {
			t.Fatal(err)
		}
	}
	run(ones)
	after := l.States()[0]
	run(zeros)
	closeTo(t, "states after a masked batch", l.States()[0], after, 0)
	run(ones)
	if tensor.MaxAbsDiff(l.States()[0], after) == 0 {
		t.Error("an unmasked batch left the states unchanged")
	}
}

// A steady-state TrainOnBatch, TestOnBatch and PredictOnBatch of a
// stateful model allocate nothing either (LSTM and GRU in both modes, all
// on their sequence ops with an initial state, and a GRU from zeros).
func TestStatefulOnBatchAllocatesNothing(t *testing.T) {
	for name, l := range map[string]layers.Layer{
		"LSTM":              &layers.LSTM{Units: 4, Stateful: true},
		"GRU":               &layers.GRU{Units: 4, Stateful: true},
		"GRU reset before":  &layers.GRU{Units: 4, Stateful: true, ResetBefore: true},
		"GRU, not stateful": &layers.GRU{Units: 4},
	} {
		onBatchAllocatesNothing(t, rnnModel(t, l, 8, 5, 3), name)
	}
}

// onBatchAllocatesNothing checks that steady-state TrainOnBatch,
// TestOnBatch and PredictOnBatch of m, a model of 4 outputs on sequences
// of 5 steps of 3 features, allocate nothing.
func onBatchAllocatesNothing(t *testing.T, m *Model, what string) {
	t.Helper()
	if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(1)
	x, y := rng.Normal(tensor.Float64, 0, 1, 8, 5, 3), rng.Normal(tensor.Float64, 0, 1, 8, 4)
	for name, fn := range map[string]func(){
		"TrainOnBatch": func() {
			if _, err := m.TrainOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		},
		"TestOnBatch": func() {
			if _, err := m.TestOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		},
		"PredictOnBatch": func() {
			if _, err := m.PredictOnBatch(x); err != nil {
				t.Fatal(err)
			}
		},
	} {
		fn()
		if got := testing.AllocsPerRun(50, fn); got != 0 {
			t.Errorf("%s: a steady-state %s allocates %v times, want 0", what, name, got)
		}
	}
}

// Model.ResetStates reaches the stateful layers of a nested model.
func TestStatefulNestedResetStates(t *testing.T) {
	l := &layers.SimpleRNN{Units: 2, Stateful: true}
	inner := rnnModel(t, l, 2, 3, 1)
	x := layers.BatchInput(2, 3, 1)
	outer, err := NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(&layers.Dense{Units: 1}, layers.Call(inner, x))})
	if err != nil {
		t.Fatal(err)
	}
	outer.DType = tensor.Float64
	xs := tensor.Ones(tensor.Float64, 2, 3, 1)
	first := predict(t, outer, xs)
	if tensor.MaxAbsDiff(predict(t, outer, xs), first) == 0 {
		t.Fatal("the nested stateful layer kept no states")
	}
	outer.ResetStates()
	if s := l.States()[0]; tensor.MaxAbsDiff(s, tensor.New(tensor.Float64, 2, 2)) != 0 {
		t.Fatalf("states after the outer model's ResetStates: %v, want zeros", s)
	}
	closeTo(t, "after ResetStates", predict(t, outer, xs), first, 0)
}

// A Sequential model takes its batch size from a first InputLayer, as
// Keras's Sequential from keras.Input(batch_size=…).
func TestStatefulSequential(t *testing.T) {
	l := &layers.LSTM{Units: 2, Stateful: true}
	m, err := NewSequential(&layers.InputLayer{Shape: []int{3, 1}, BatchSize: 2}, l)
	if err != nil {
		t.Fatal(err)
	}
	m.DType = tensor.Float64
	predict(t, &m.Model, tensor.Ones(tensor.Float64, 4, 3, 1))
	if s := l.States(); len(s) != 2 || !s[1].Shape().Equal(tensor.Shape{2, 2}) {
		t.Fatalf("states %v, want h and c of shape (2, 2)", s)
	}
}
