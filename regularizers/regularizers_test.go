package regularizers

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// For w = [[1, −2], [0.5, 3]]: sum(|w|) = 1+2+0.5+3 = 6.5 and
// sum(w²) = 1+4+0.25+9 = 14.25. Keras's penalty is l1·6.5 + l2·14.25.
var wValues = []float64{1, -2, 0.5, 3}

func penaltyOf(t *testing.T, r Regularizer, dtype tensor.DType) float64 {
	t.Helper()
	g := graph.New()
	w := tensor.New(dtype, 2, 2)
	for i, v := range wValues {
		w.Set(v, i/2, i%2)
	}
	p := r.Penalty(g.Variable("w", w))
	if err := g.Err(); err != nil {
		t.Fatalf("%T%+v: %v", r, r, err)
	}
	if p.DType() != dtype || p.Shape().Rank() != 0 {
		t.Fatalf("%T%+v: penalty is %v %v, want a %v scalar", r, r, p.DType(), p.Shape(), dtype)
	}
	out, err := graph.NewSession(g).Run(nil, p)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Item()
}

func TestPenalties(t *testing.T) {
	l1l2, _ := Get("l1_l2")
	l1, _ := Get("l1")
	l2, _ := Get("L2")
	cases := []struct {
		r    Regularizer
		want float64
	}{
		{L1{}, 0.01 * 6.5},              // 0.065: Keras's default l1=0.01
		{L2{}, 0.01 * 14.25},            // 0.1425: no factor 1/2
		{L1{L1: 0.1}, 0.65},             // 0.1·6.5
		{L2{L2: 0.5}, 7.125},            // 0.5·14.25
		{L1L2{L1: 0.1, L2: 0.5}, 7.775}, // 0.65 + 7.125
		{L1L2{}, 0},                     // Keras's L1L2() class default
		{L1L2{L2: 0.5}, 7.125},          // l1 term left out
		{l1l2, 0.01*6.5 + 0.01*14.25},   // 0.2075: l1_l2() defaults
		{l1, 0.065}, {l2, 0.1425},
	}
	for _, c := range cases {
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			got := penaltyOf(t, c.r, dt)
			tol := 1e-15
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			if math.Abs(got-c.want) > tol*math.Max(1, c.want) {
				t.Errorf("%T%+v %v: penalty %.10g, want %.10g", c.r, c.r, dt, got, c.want)
			}
		}
	}
}

// TestPenaltyGradient: d/dw [l1·sum|w| + l2·sum w²] = l1·sign(w) + 2·l2·w.
// For L1L2{0.1, 0.5} and w = [1, −2, 0.5, 3]: [1.1, −2.1, 0.6, 3.1].
func TestPenaltyGradient(t *testing.T) {
	g := graph.New()
	w := g.Variable("w", tensor.FromSlice(wValues))
	dw := graph.Gradients(L1L2{L1: 0.1, L2: 0.5}.Penalty(w), w)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := graph.NewSession(g).Run(nil, dw)
	if err != nil {
		t.Fatal(err)
	}
	want := tensor.FromSlice([]float64{1.1, -2.1, 0.6, 3.1})
	if !tensor.AllClose(out[0], want, 1e-14, 0) {
		t.Fatalf("gradient %v, want %v", out[0], want)
	}
}

func TestBadFactorIsAGraphError(t *testing.T) {
	g := graph.New()
	w := g.Variable("dense/kernel", tensor.FromSlice(wValues))
	L1{L1: math.NaN()}.Penalty(w)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "regularizer L1") || !strings.Contains(err.Error(), "dense/kernel") {
		t.Fatalf("got %v, want an error naming the regularizer and the weight", err)
	}
}

func TestGetUnknown(t *testing.T) {
	if _, err := Get("l3"); err == nil || !strings.Contains(err.Error(), `"l3"`) {
		t.Fatalf("got %v", err)
	}
}
