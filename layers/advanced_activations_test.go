package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/tensor"
)

var (
	_ Layer     = (*ReLU)(nil)
	_ Layer     = (*LeakyReLU)(nil)
	_ Layer     = (*PReLU)(nil)
	_ Layer     = (*ELU)(nil)
	_ Layer     = (*Softmax)(nil)
	_ Named     = (*ReLU)(nil)
	_ Named     = (*LeakyReLU)(nil)
	_ Named     = (*PReLU)(nil)
	_ Named     = (*ELU)(nil)
	_ Named     = (*Softmax)(nil)
	_ Validator = (*ReLU)(nil)
	_ Validator = (*LeakyReLU)(nil)
	_ Validator = (*PReLU)(nil)
	_ Validator = (*ELU)(nil)
)

// actLayerOut builds and calls l on a (1, n) float64 input xs and returns
// its output.
func actLayerOut(t *testing.T, l Layer, xs ...float64) []float64 {
	t.Helper()
	c := buildAndCall(t, l, tensor.Float64, false, tensor.Shape{len(xs)})
	return c.run(tensor.FromSlice(append([]float64(nil), xs...), 1, len(xs)))[0].Float64s()
}

// wantValues fails at the first of got not within 1e-12 of want.
func wantValues(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("%s[%d] = %.15g, want %.15g (all: %v)", what, i, got[i], want[i], got)
		}
	}
}

func TestReLULayerKnownValues(t *testing.T) {
	xs := []float64{-10, -5, 0, 5, 10}
	wantValues(t, "default", actLayerOut(t, &ReLU{}, xs...), []float64{0, 0, 0, 5, 10})
	// Keras's documented example of the layer.
	wantValues(t, "keras example", actLayerOut(t, &ReLU{MaxValue: new(10.0), NegativeSlope: 0.5}, xs...),
		[]float64{-5, -2.5, 0, 5, 10})
	// Below 4: 0.5·(x − 4); 4 ≤ x < 8: x (0 at x = 4 itself, where
	// Keras's x·[x > 4] is 0); above: 8.
	wantValues(t, "threshold and cap", actLayerOut(t, &ReLU{MaxValue: new(8.0), NegativeSlope: 0.5, Threshold: 4}, -2, 4, 5, 9),
		[]float64{-3, 0, 5, 8})
	wantValues(t, "relu6", actLayerOut(t, &ReLU{MaxValue: new(6.0)}, -1, 3, 7), []float64{0, 3, 6})
}

func TestLeakyReLULayer(t *testing.T) {
	wantValues(t, "default 0.3", actLayerOut(t, &LeakyReLU{}, -10, -1, 0, 2), []float64{-3, -0.3, 0, 2})
	wantValues(t, "0.5", actLayerOut(t, &LeakyReLU{NegativeSlope: new(0.5)}, -10, 5), []float64{-5, 5})
	wantValues(t, "explicit 0", actLayerOut(t, &LeakyReLU{NegativeSlope: new(0.0)}, -10, 5), []float64{0, 5})
	if s := (&LeakyReLU{}).Slope(); s != 0.3 {
		t.Errorf("default slope %g", s)
	}
}

func TestELULayer(t *testing.T) {
	wantValues(t, "default", actLayerOut(t, &ELU{}, -1, 0, 2), []float64{math.Exp(-1) - 1, 0, 2})
	wantValues(t, "alpha 0.5", actLayerOut(t, &ELU{Alpha: new(0.5)}, -2, 3), []float64{0.5 * (math.Exp(-2) - 1), 3})
}

func TestSoftmaxLayer(t *testing.T) {
	e := math.Exp
	wantValues(t, "last axis", actLayerOut(t, &Softmax{}, 0, 1, 2),
		[]float64{1 / (1 + e(1) + e(2)), e(1) / (1 + e(1) + e(2)), e(2) / (1 + e(1) + e(2))})
	// Axis 1 of a (1, 2, 2) input: each column normalised.
	in := tensor.FromSlice([]float64{0, 3, 1, 3}, 1, 2, 2)
	for _, axis := range []int{1, -2} {
		c := buildAndCall(t, &Softmax{Axis: axis}, tensor.Float64, false, tensor.Shape{2, 2})
		got := c.run(in)[0].Float64s()
		a := 1 / (1 + e(1))
		wantValues(t, "axis 1", got, []float64{a, 0.5, 1 - a, 0.5})
	}
}

func TestAdvancedActivationErrors(t *testing.T) {
	s := []tensor.Shape{{3}}
	cases := []struct {
		l     Layer
		parts []string
	}{
		{&ReLU{NegativeSlope: -1}, []string{"ReLU", "negative_slope must be finite and ≥ 0, got -1"}},
		{&ReLU{Threshold: math.NaN()}, []string{"threshold", "NaN"}},
		{&ReLU{MaxValue: new(-2.0), Name: "r"}, []string{`layer "r" (ReLU)`, "max_value", "-2"}},
		{&LeakyReLU{NegativeSlope: new(-0.1)}, []string{"LeakyReLU", "negative_slope", "-0.1"}},
		{&ELU{Alpha: new(math.Inf(1))}, []string{"ELU", "alpha must be finite"}},
		{&Softmax{Axis: 2}, []string{"Softmax", "axis 2", "rank 2"}},
		{&Softmax{Axis: -2}, []string{"axis -2"}},
		{&PReLU{SharedAxes: []int{0}}, []string{"PReLU", "shared axis 0"}},
		{&PReLU{SharedAxes: []int{2}}, []string{"shared axis 2 is out of range", "(None, 3)"}},
	}
	for _, c := range cases {
		wantErr(t, c.l.Type(), BuildLayer(c.l, s, tensor.Float32, tensor.NewRNG(1)), c.parts...)
	}
	wantErr(t, "unknown dim", BuildLayer(&PReLU{}, []tensor.Shape{{graph.Unknown, 2}}, tensor.Float32, tensor.NewRNG(1)),
		"not shared to be known", "(None, None, 2)")
	if err := BuildLayer(&PReLU{SharedAxes: []int{1}}, []tensor.Shape{{graph.Unknown, 2}}, tensor.Float32, tensor.NewRNG(1)); err != nil {
		t.Errorf("an unknown shared axis: %v", err)
	}
}

func TestPReLUKnownValuesAndGradient(t *testing.T) {
	p := &PReLU{SharedAxes: []int{1}, AlphaInitializer: initializers.Constant{Value: 0.25}}
	c := buildAndCall(t, p, tensor.Float64, true, tensor.Shape{2, 3})
	if got := p.Alpha().Shape(); !got.Equal(tensor.Shape{1, 3}) {
		t.Fatalf("alpha shape %v, want (1, 3)", got)
	}
	if err := p.Alpha().Set(tensor.FromSlice([]float64{0.1, 0.2, 0.3}, 1, 3)); err != nil {
		t.Fatal(err)
	}
	x := tensor.FromSlice([]float64{-1, 2, -3, -4, -5, 6}, 1, 2, 3)
	wantValues(t, "prelu", c.run(x)[0].Float64s(), []float64{-0.1, 2, -0.9, -0.4, -1, 6})
	// d sum(y)/d alpha_j = sum over the shared axis of −relu(−x).
	grad := graph.Gradients(graph.Sum(c.out[0], nil, false), c.varOf(p.Alpha()))[0]
	wantValues(t, "d/dalpha", c.fetch([]*tensor.Tensor{x}, grad)[0].Float64s(), []float64{-5, -5, -3})
	// Zeros by default: a ReLU until trained.
	z := &PReLU{}
	wantValues(t, "zeros", actLayerOut(t, z, -2, 3), []float64{0, 3})
	if got := z.Alpha().Shape(); !got.Equal(tensor.Shape{2}) {
		t.Fatalf("alpha shape %v, want (2,)", got)
	}
}
