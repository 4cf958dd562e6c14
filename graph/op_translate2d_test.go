package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed translations of two 3×4 images (1..12 and 13..24): the
// first moved down 1 and left 1, the second right by 2.6 (sources
// round(x − 2.6) = −3, −2, −1, 0), in each fill mode.
func TestTranslate2DKnownValues(t *testing.T) {
	x := seqInput(2, 3, 4, 1)
	shifts := tensor.FromSlice([]float64{1, -1, 0, 2.6}, 2, 2)
	for _, c := range []struct {
		mode string
		want []float64
	}{
		{"constant", []float64{
			-1, -1, -1, -1, 2, 3, 4, -1, 6, 7, 8, -1,
			-1, -1, -1, 13, -1, -1, -1, 17, -1, -1, -1, 21}},
		{"nearest", []float64{
			2, 3, 4, 4, 2, 3, 4, 4, 6, 7, 8, 8,
			13, 13, 13, 13, 17, 17, 17, 17, 21, 21, 21, 21}},
		{"wrap", []float64{
			10, 11, 12, 9, 2, 3, 4, 1, 6, 7, 8, 5,
			14, 15, 16, 13, 18, 19, 20, 17, 22, 23, 24, 21}},
		{"", []float64{ // reflect: row −1 → 0; columns −3, −2, −1 → 2, 1, 0
			2, 3, 4, 4, 2, 3, 4, 4, 6, 7, 8, 8,
			15, 14, 13, 13, 19, 18, 17, 17, 23, 22, 21, 21}},
	} {
		f := func(xs ...*Node) *Node {
			return Translate2D(xs[0], xs[1], TranslateOptions{FillMode: c.mode, FillValue: -1})
		}
		expectValues(t, c.mode+" float64", runOne(t, f, x, shifts), []int{2, 3, 4, 1}, c.want, 0)
		expectValues(t, c.mode+" float32", runOne(t, f, tensor.Cast(x, tensor.Float32), tensor.Cast(shifts, tensor.Float32)),
			[]int{2, 3, 4, 1}, c.want, 0)
	}
	one := seqInput(1, 3, 4, 1)
	// Shifts beyond the image repeat with period n in "wrap" (3 rows ≡ 0,
	// −9 columns ≡ −1) and 2n in "reflect" (−8 columns ≡ 0).
	wrap := func(xs ...*Node) *Node { return Translate2D(xs[0], xs[1], TranslateOptions{FillMode: "WRAP"}) }
	expectValues(t, "wrap far", runOne(t, wrap, one, tensor.FromSlice([]float64{3, -9}, 1, 2)), []int{1, 3, 4, 1},
		[]float64{2, 3, 4, 1, 6, 7, 8, 5, 10, 11, 12, 9}, 0)
	reflect := func(xs ...*Node) *Node { return Translate2D(xs[0], xs[1], TranslateOptions{}) }
	expectValues(t, "reflect far", runOne(t, reflect, one, tensor.FromSlice([]float64{0, -8}, 1, 2)), []int{1, 3, 4, 1},
		[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 0)
	// A shift that is not finite fills the whole image.
	nan := func(xs ...*Node) *Node { return Translate2D(xs[0], xs[1], TranslateOptions{FillValue: 7}) }
	expectValues(t, "NaN", runOne(t, nan, one, tensor.FromSlice([]float64{math.NaN(), 0}, 1, 2)), []int{1, 3, 4, 1},
		[]float64{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, 0)
}

// Finite-difference checks of the gradient with respect to the images
// (the shifts, away from rounding boundaries, get none) in every mode,
// and of the second derivative.
func TestGradCheckTranslate2D(t *testing.T) {
	x := randInput(41, -1, 1, 2, 4, 5, 2)
	shifts := tensor.FromSlice([]float64{1.3, -2.2, -0.7, 6.1}, 2, 2)
	for _, mode := range []string{"constant", "nearest", "wrap", "reflect"} {
		f := func(xs ...*Node) *Node {
			return Translate2D(xs[0], xs[1], TranslateOptions{FillMode: mode, FillValue: 0.5})
		}
		t.Run(mode, func(t *testing.T) { checkGradients(t, f, x, shifts) })
		t.Run(mode+"/second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(f(xs...)) }), x, shifts)
		})
	}
}

// Bad modes, shapes and dtypes are graph errors naming the op.
func TestTranslate2DErrors(t *testing.T) {
	for _, c := range []struct {
		x, s []int
		mode string
		want string
	}{
		{[]int{2, 3, 3, 1}, []int{2, 2}, "mirror", "fill mode"},
		{[]int{2, 3, 3, 1}, []int{2, 3}, "", "shifts must have shape"},
		{[]int{2, 3, 3, 1}, []int{3, 2}, "", "shifts must have shape"},
		{[]int{3, 3, 1}, []int{3, 2}, "", "rank 4"},
	} {
		g := New()
		Translate2D(g.Placeholder("x", tensor.Float32, c.x...), g.Placeholder("s", tensor.Float32, c.s...), TranslateOptions{FillMode: c.mode})
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Translate2D") {
			t.Errorf("%+v: error %v, want one mentioning Translate2D and %q", c, err, c.want)
		}
	}
	g := New()
	Translate2D(g.Placeholder("x", tensor.Float32, 1, 2, 2, 1), g.Placeholder("s", tensor.Float64, 1, 2), TranslateOptions{})
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "same dtype") {
		t.Errorf("mixed dtypes: error %v", err)
	}
}
