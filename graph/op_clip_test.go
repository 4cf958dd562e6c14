package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestClipGradients(t *testing.T) {
	build := func(x ...*Node) *Node { return Clip(x[0], -0.5, 0.5) }
	t.Run("(3, 5)", func(t *testing.T) {
		checkGradients(t, build, actAway(randInput(900, -1, 1, 3, 5), 0.05, -0.5, 0.5))
	})
	t.Run("(2, 3, 5)", func(t *testing.T) {
		checkGradients(t, build, actAway(randInput(901, -1, 1, 2, 3, 5), 0.05, -0.5, 0.5))
	})
	t.Run("second order", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Clip(x[0], -0.5, 0.5)) }),
			actAway(randInput(902, -1, 1, 3, 5), 0.05, -0.5, 0.5))
	})
}

// TestClipGradientAtBounds pins the convention: the gradient passes at the
// bounds themselves, as in TensorFlow's clip_by_value.
func TestClipGradientAtBounds(t *testing.T) {
	got := actRun(t, func(x *Node) *Node { return Gradients(Clip(x, -1, 2), x)[0] }, -1, 2, -1.5, 2.5, 0)
	actClose(t, "clip gradient", got, []float64{1, 1, 0, 0, 1})
	got = actRun(t, func(x *Node) *Node { return Gradients(Clip(x, math.Inf(-1), 0), x)[0] }, -1e30, 1)
	actClose(t, "one-sided clip gradient", got, []float64{1, 0})
}

func TestClipInt64(t *testing.T) {
	g := New()
	y := Clip(g.Const(tensor.FromSlice([]int64{-5, 1, 9})), -0.5, 3.5)
	out, err := NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Int64s(); got[0] != 0 || got[1] != 1 || got[2] != 3 {
		t.Fatalf("got %v, want [0 1 3]", got)
	}
}

func TestLogClippedGradients(t *testing.T) {
	// Probabilities inside [0.1, 0.9] and outside it on both sides, never
	// within 0.02 of a bound.
	p := actAway(randInput(910, 0.01, 1.2, 3, 5), 0.02, 0.1, 0.9)
	build := func(x ...*Node) *Node { return LogClipped(x[0], 0.1) }
	checkGradients(t, build, p)
	checkGradients(t, build, actAway(randInput(911, 0.01, 1.2, 2, 3, 5), 0.02, 0.1, 0.9))
	t.Run("second order", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(LogClipped(x[0], 0.1)) }), p)
	})
	t.Run("third order", func(t *testing.T) {
		checkGradients(t, secondOrder(secondOrder(func(x ...*Node) *Node { return Square(LogClipped(x[0], 0.1)) })), p)
	})
	t.Run("grad op directly", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return logClippedGrad(0.1, x[0], x[1]) }, p, randInput(912, -1, 1, 3, 5))
	})
}

func TestLogClippedValuesAndGradient(t *testing.T) {
	// float32 bounds as Keras computes them: eps and 1 - eps in float32.
	eps32 := float32(1e-7)
	lo, hi := float64(eps32), float64(1-eps32)
	got := actRun(t, func(p *Node) *Node { return LogClipped(p, 1e-7) }, 0, 1e-9, 0.25, 1, 1.5)
	actClose(t, "log_clipped", got, []float64{math.Log(lo), math.Log(lo), math.Log(0.25), math.Log(hi), math.Log(hi)})
	got = actRun(t, func(p *Node) *Node { return Gradients(LogClipped(p, 1e-7), p)[0] }, 0, 0.25, 0.5, 1, float32(lo))
	actClose(t, "log_clipped gradient", got, []float64{0, 4, 2, 0, 1 / lo})
}

func TestClipBuildErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *Graph) *Node
		want  []string
	}{
		{"Clip lo > hi", func(g *Graph) *Node { return Clip(g.Placeholder("x", tensor.Float32, 3), 2, 1) },
			[]string{"Clip", "[2, 1]", "(3,)"}},
		{"Clip NaN", func(g *Graph) *Node { return Clip(g.Placeholder("x", tensor.Float32, 3), math.NaN(), 1) },
			[]string{"Clip", "NaN"}},
		{"LogClipped eps", func(g *Graph) *Node { return LogClipped(g.Placeholder("p", tensor.Float32, 3), 0.7) },
			[]string{"LogClipped", "eps", "0.7"}},
		{"LogClipped int", func(g *Graph) *Node { return LogClipped(g.Placeholder("p", tensor.Int64, 3), 0.1) },
			[]string{"LogClipped", "int64"}},
	}
	for _, c := range cases {
		g := New()
		c.build(g)
		err := g.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}
