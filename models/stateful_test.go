package models

import (
	"testing"

	"github.com/neurite/neurite/layers"
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
	y, err := m.Predict(x)
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
