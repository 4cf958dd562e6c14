package activations

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// apply runs the named activation on xs.
func apply(t *testing.T, name string, xs []float64) []float64 {
	t.Helper()
	f, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New()
	y := f(g.Const(tensor.FromSlice(append([]float64(nil), xs...), 1, len(xs))))
	out, err := graph.NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Float64s()
}

func TestKnownValues(t *testing.T) {
	xs := []float64{-2, 0.5}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	cases := map[string][]float64{
		"linear":      {-2, 0.5},
		"":            {-2, 0.5},
		"relu":        {0, 0.5},
		"RELU":        {0, 0.5},
		"sigmoid":     {sig(-2), sig(0.5)},
		"tanh":        {math.Tanh(-2), math.Tanh(0.5)},
		"softmax":     {math.Exp(-2) / (math.Exp(-2) + math.Exp(0.5)), math.Exp(0.5) / (math.Exp(-2) + math.Exp(0.5))},
		"leaky_relu":  {-0.4, 0.5},
		"elu":         {math.Exp(-2) - 1, 0.5},
		"selu":        {1.0507009873554805 * 1.6732632423543772 * (math.Exp(-2) - 1), 1.0507009873554805 * 0.5},
		"softplus":    {math.Log1p(math.Exp(-2)), math.Log1p(math.Exp(0.5))},
		"softsign":    {-2.0 / 3, 0.5 / 1.5},
		"swish":       {-2 * sig(-2), 0.5 * sig(0.5)},
		"exponential": {math.Exp(-2), math.Exp(0.5)},
		"gelu":        {-2 * 0.5 * math.Erfc(2/math.Sqrt2), 0.5 * 0.5 * math.Erfc(-0.5/math.Sqrt2)},
	}
	for name, want := range cases {
		got := apply(t, name, xs)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("%s(%v) = %v, want %v", name, xs[i], got[i], want[i])
			}
		}
	}
}

func TestUnknownNameListsTheKnownOnes(t *testing.T) {
	_, err := Get("sigmoidal")
	if err == nil || !strings.Contains(err.Error(), `"sigmoidal"`) || !strings.Contains(err.Error(), "relu") {
		t.Fatalf("got %v", err)
	}
	if n := Names(); len(n) < 10 || n[0] > n[1] {
		t.Fatalf("Names() = %v", n)
	}
}
