package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed zero padding of a matrix, a vector and an NHWC image, and
// the cropping gradient.
func TestPadKnownValues(t *testing.T) {
	for _, c := range []struct {
		name  string
		x     *tensor.Tensor
		pads  [][2]int
		shape []int
		want  []float64
	}{
		{"matrix", seqInput(2, 3), [][2]int{{1, 0}, {0, 2}}, []int{3, 5},
			[]float64{0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0}},
		{"vector", seqInput(3), [][2]int{{2, 1}}, []int{6}, []float64{0, 0, 1, 2, 3, 0}},
		{"image", seqInput(1, 2, 2, 1), [][2]int{{0, 0}, {1, 1}, {1, 0}, {0, 0}}, []int{1, 4, 3, 1},
			[]float64{0, 0, 0, 0, 1, 2, 0, 3, 4, 0, 0, 0}},
		{"nothing", seqInput(2, 2), [][2]int{{0, 0}, {0, 0}}, []int{2, 2}, []float64{1, 2, 3, 4}},
		{"rank 3 middle", seqInput(2, 1, 2), [][2]int{{0, 1}, {1, 1}, {0, 0}}, []int{3, 3, 2},
			[]float64{0, 0, 1, 2, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pad := func(xs ...*Node) *Node { return Pad(xs[0], c.pads) }
			expectValues(t, "float64", runOne(t, pad, c.x), c.shape, c.want, 0)
			expectValues(t, "float32", runOne(t, pad, tensor.Cast(c.x, tensor.Float32)), c.shape, c.want, 0)
			expectValues(t, "int64", runOne(t, pad, tensor.Cast(c.x, tensor.Int64)), c.shape, c.want, 0)
			g := New()
			x := g.Const(c.x)
			y := Pad(x, c.pads)
			dy := g.Const(seqInput(c.shape...))
			out, err := NewSession(g).Run(nil, GradientsSeeded(y, dy, x)[0])
			if err != nil {
				t.Fatal(err)
			}
			// The gradient reads back the elements of dy where Pad put x.
			var want []float64
			for i, v := range c.want {
				if v != 0 || c.name == "nothing" {
					want = append(want, float64(i+1))
				}
			}
			expectValues(t, "gradient", out[0], c.x.Shape(), want, 0)
		})
	}
}

func TestGradCheckPad(t *testing.T) {
	pads := [][2]int{{0, 0}, {1, 2}, {2, 1}, {0, 1}}
	x := randInput(600, -1, 1, 3, 5, 3, 2)
	t.Run("first order", func(t *testing.T) {
		checkGradientsFed(t, func(xs ...*Node) *Node { return Pad(xs[0], pads) }, x)
	})
	t.Run("unknown padded batch", func(t *testing.T) {
		checkGradientsFed(t, func(xs ...*Node) *Node { return Pad(xs[0], [][2]int{{1, 2}, {0, 0}, {0, 0}, {1, 0}}) }, x)
	})
	t.Run("second order", func(t *testing.T) {
		checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(Pad(Mul(xs[0], xs[0]), pads)) }), x)
	})
}

func TestPadErrors(t *testing.T) {
	for _, c := range []struct {
		pads [][2]int
		want string
	}{
		{[][2]int{{1, 1}}, "rank"},
		{[][2]int{{0, 0}, {-1, 0}}, "negative"},
	} {
		g := New()
		Pad(g.Placeholder("x", tensor.Float32, 2, 3), c.pads)
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Pad") {
			t.Errorf("%v: error %v, want one mentioning Pad and %q", c.pads, err, c.want)
		}
	}
}
