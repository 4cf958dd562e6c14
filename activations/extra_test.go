package activations

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// applyFunc runs f on xs (float64, shape (1, n)).
func applyFunc(t *testing.T, f Func, xs []float64) []float64 {
	t.Helper()
	g := graph.New()
	y := f(g.Const(tensor.FromSlice(append([]float64(nil), xs...), 1, len(xs))))
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := graph.NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Float64s()
}

// closeTo fails at the first element of got that is not within 1e-12 of
// want.
func closeTo(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.15g, want %.15g", what, i, got[i], want[i])
		}
	}
}

// gradAt returns d sum(f(x))/dx at xs, symbolically.
func gradAt(t *testing.T, f Func, xs []float64) []float64 {
	t.Helper()
	g := graph.New()
	x := g.Variable("x", tensor.FromSlice(append([]float64(nil), xs...), len(xs)))
	grad := graph.Gradients(graph.Sum(f(x), nil, false), x)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if grad == nil {
		return make([]float64, len(xs))
	}
	out, err := graph.NewSession(g).Run(nil, grad)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Float64s()
}

// checkGradient compares the symbolic gradient of f at xs with central
// differences in float64 (xs must keep 1e-3 away from kinks).
func checkGradient(t *testing.T, name string, f Func, xs []float64) {
	t.Helper()
	sym := gradAt(t, f, xs)
	const h = 1e-6
	for i, x := range xs {
		plus := applyFunc(t, f, []float64{x + h})[0]
		minus := applyFunc(t, f, []float64{x - h})[0]
		num := (plus - minus) / (2 * h)
		if math.Abs(sym[i]-num) > 1e-7+1e-6*math.Abs(num) {
			t.Errorf("%s: gradient at %g is %.10g, central difference %.10g", name, x, sym[i], num)
		}
	}
}

func TestNewActivationsKnownValues(t *testing.T) {
	xs := []float64{-4, -3, -1, 0, 1.5, 3, 6, 7}
	mish := func(x float64) float64 { return x * math.Tanh(math.Log1p(math.Exp(x))) }
	cases := map[string][]float64{
		"relu6":        {0, 0, 0, 0, 1.5, 3, 6, 6},
		"hard_sigmoid": {0, 0, 1.0 / 3, 0.5, 0.75, 1, 1, 1},
		"hard_silu":    {0, 0, -1.0 / 3, 0, 1.125, 3, 6, 7},
		"hard_swish":   {0, 0, -1.0 / 3, 0, 1.125, 3, 6, 7},
		"mish":         {mish(-4), mish(-3), mish(-1), 0, mish(1.5), mish(3), mish(6), mish(7)},
	}
	for name, want := range cases {
		f, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		closeTo(t, name, applyFunc(t, f, xs), want)
	}
	// mish(1) = tanh(ln(1 + e)), pinned numerically.
	closeTo(t, "mish(1)", applyFunc(t, Mish, []float64{1}), []float64{0.8650983882673103})
}

func TestNewActivationsFloat32(t *testing.T) {
	g := graph.New()
	x := g.Const(tensor.FromSlice([]float32{-4, 1.5, 7}, 3))
	out, err := graph.NewSession(g).Run(nil, HardSilu(x), Relu6(x), Mish(x))
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float32s(); got[0] != 0 || got[1] != 1.125 || got[2] != 7 {
		t.Errorf("hard_silu float32 = %v", got)
	}
	if got := out[1].Float32s(); got[0] != 0 || got[1] != 1.5 || got[2] != 6 {
		t.Errorf("relu6 float32 = %v", got)
	}
	if out[2].DType() != tensor.Float32 {
		t.Errorf("mish dtype %v", out[2].DType())
	}
}

func TestNewActivationsGradients(t *testing.T) {
	checkGradient(t, "relu6", Relu6, []float64{-1, 0.5, 3, 5.9, 7})
	checkGradient(t, "hard_sigmoid", HardSigmoid, []float64{-4, -2.9, -1, 2, 2.9, 5})
	checkGradient(t, "hard_silu", HardSilu, []float64{-4, -2.5, -1, 0.7, 2.5, 5})
	checkGradient(t, "mish", Mish, []float64{-6, -2, -0.3, 0.01, 1, 4, 12})
}

func TestRelu6GradientAtKinks(t *testing.T) {
	// TensorFlow's Relu6Grad: 1 strictly inside (0, 6), 0 at both kinks.
	closeTo(t, "relu6'", gradAt(t, Relu6, []float64{0, 6, 3}), []float64{0, 0, 1})
	closeTo(t, "hard_sigmoid'", gradAt(t, HardSigmoid, []float64{-3, 3, 0}), []float64{0, 0, 1.0 / 6})
}

func TestReLUWithKerasExamples(t *testing.T) {
	xs := []float64{-10, -5, 0, 5, 10}
	cases := []struct {
		name string
		o    ReLUOptions
		want []float64
	}{
		// keras.activations.relu's documented examples.
		{"default", ReLUOptions{}, []float64{0, 0, 0, 5, 10}},
		{"negative_slope 0.5", ReLUOptions{NegativeSlope: 0.5}, []float64{-5, -2.5, 0, 5, 10}},
		{"max_value 5", ReLUOptions{MaxValue: new(5.0)}, []float64{0, 0, 0, 5, 5}},
		{"threshold 5", ReLUOptions{Threshold: 5}, []float64{0, 0, 0, 0, 10}},
		// By hand from the formula: x·[x > 5] = [0 0 0 0 10], clipped to
		// 8, minus 0.5·relu(5 − x) = 0.5·[15 10 5 0 0].
		{"all three", ReLUOptions{NegativeSlope: 0.5, MaxValue: new(8.0), Threshold: 5}, []float64{-7.5, -5, -2.5, 0, 8}},
		// relu6 minus 0.1·relu(−x).
		{"slope 0.1, max 6", ReLUOptions{NegativeSlope: 0.1, MaxValue: new(6.0)}, []float64{-1, -0.5, 0, 5, 6}},
		{"max 0", ReLUOptions{MaxValue: new(0.0)}, []float64{0, 0, 0, 0, 0}},
	}
	for _, c := range cases {
		f, err := ReLUWith(c.o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		closeTo(t, c.name, applyFunc(t, f, xs), c.want)
	}
}

func TestReLUWithGradients(t *testing.T) {
	opts := []ReLUOptions{
		{NegativeSlope: 0.3},
		{MaxValue: new(2.5)},
		{Threshold: 1.5},
		{NegativeSlope: 0.2, MaxValue: new(6.0)},
		{NegativeSlope: 0.25, MaxValue: new(4.0), Threshold: 1},
	}
	xs := []float64{-3, -0.5, 0.4, 1.2, 2, 3.1, 7}
	for _, o := range opts {
		f, err := ReLUWith(o)
		if err != nil {
			t.Fatal(err)
		}
		checkGradient(t, "relu", f, xs)
	}
	// The slope below the threshold is negative_slope, inside 1, above the
	// cap 0.
	f, _ := ReLUWith(ReLUOptions{NegativeSlope: 0.25, MaxValue: new(4.0), Threshold: 1})
	closeTo(t, "relu'", gradAt(t, f, []float64{-2, 2, 5}), []float64{0.25, 1, 0})
}

func TestReLUWithCopiesMaxValue(t *testing.T) {
	m := 5.0
	f, err := ReLUWith(ReLUOptions{MaxValue: &m})
	if err != nil {
		t.Fatal(err)
	}
	m = 1
	closeTo(t, "relu", applyFunc(t, f, []float64{10}), []float64{5})
}

func TestReLUWithRejectsBadOptions(t *testing.T) {
	bad := []ReLUOptions{
		{NegativeSlope: math.NaN()},
		{Threshold: math.Inf(1)},
		{MaxValue: new(-1.0)},
		{MaxValue: new(math.NaN())},
		{MaxValue: new(math.Inf(1))},
	}
	for _, o := range bad {
		if _, err := ReLUWith(o); err == nil || !strings.HasPrefix(err.Error(), "relu: ") {
			t.Errorf("ReLUWith(%+v): err = %v", o, err)
		}
	}
}
