package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// randInput returns a float64 tensor of the given shape with values drawn
// uniformly from [lo, hi), reproducibly from seed.
func randInput(seed uint64, lo, hi float64, shape ...int) *tensor.Tensor {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	t := tensor.New(tensor.Float64, shape...)
	d := t.Float64s()
	for i := range d {
		d[i] = lo + (hi-lo)*r.Float64()
	}
	return t
}

// gradTolerance is the agreement demanded between symbolic gradients and
// central differences: |analytic - numeric| <= atol + rtol*|numeric|.
const (
	gradRTol = 1e-6
	gradATol = 1e-7
	gradEps  = 1e-6
)

// checkGradients verifies, in float64, the gradients that Gradients builds
// for the output of build with respect to each of inputs, against central
// finite differences. The output is contracted with fixed random weights
// R (via GradientsSeeded), so every output element's derivative is tested.
// A nil symbolic gradient must match a numeric gradient of zero.
func checkGradients(t *testing.T, build func(xs ...*Node) *Node, inputs ...*tensor.Tensor) {
	t.Helper()
	g := New()
	vars := make([]*Node, len(inputs))
	for i, in := range inputs {
		vars[i] = g.Variable(fmt.Sprintf("x%d", i), in)
	}
	y := build(vars...)
	if err := g.Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	sess := NewSession(g)
	y0, err := sess.Run(nil, y)
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	weights := randInput(7, -1, 1, y0[0].Shape()...)
	grads := GradientsSeeded(y, g.Const(weights), vars...)
	if err := g.Err(); err != nil {
		t.Fatalf("Gradients: %v", err)
	}
	for i, x := range vars {
		analytic := tensor.New(tensor.Float64, inputs[i].Shape()...)
		if grads[i] != nil {
			out, err := sess.Run(nil, grads[i])
			if err != nil {
				t.Fatalf("gradient of x%d: %v", i, err)
			}
			analytic = out[0]
			if !analytic.Shape().Equal(inputs[i].Shape()) {
				t.Fatalf("gradient of x%d has shape %v, want %v", i, analytic.Shape(), inputs[i].Shape())
			}
		}
		numeric := numericGradient(t, sess, y, x, inputs[i], weights)
		compareGradients(t, fmt.Sprintf("x%d", i), analytic, numeric)
	}
}

// numericGradient estimates d sum(weights*y) / dx by central differences,
// feeding perturbed copies of x0 in place of the variable x.
func numericGradient(t *testing.T, sess *Session, y, x *Node, x0, weights *tensor.Tensor) *tensor.Tensor {
	t.Helper()
	grad := tensor.New(tensor.Float64, x0.Shape()...)
	xp := x0.Clone()
	d := xp.Float64s()
	f := func() float64 {
		out, err := sess.Run(Feeds{x: xp}, y)
		if err != nil {
			t.Fatalf("numeric gradient: %v", err)
		}
		s := 0.0
		for k, v := range out[0].Float64s() {
			s += v * weights.Float64s()[k]
		}
		return s
	}
	for j := range d {
		orig := d[j]
		d[j] = orig + gradEps
		fp := f()
		d[j] = orig - gradEps
		fm := f()
		d[j] = orig
		grad.Float64s()[j] = (fp - fm) / (2 * gradEps)
	}
	return grad
}

// compareGradients fails the test at the first element that disagrees.
func compareGradients(t *testing.T, what string, analytic, numeric *tensor.Tensor) {
	t.Helper()
	a, n := analytic.Float64s(), numeric.Float64s()
	for j := range a {
		if math.IsNaN(a[j]) || math.Abs(a[j]-n[j]) > gradATol+gradRTol*math.Abs(n[j]) {
			t.Fatalf("gradient of %s at flat index %d: symbolic %.10g, numeric %.10g", what, j, a[j], n[j])
		}
	}
}

// secondOrder wraps build so that checkGradients tests the gradient of
// (the gradient of build's summed output with respect to input 0).
func secondOrder(build func(xs ...*Node) *Node) func(xs ...*Node) *Node {
	return func(xs ...*Node) *Node {
		return Gradients(build(xs...), xs[0])[0]
	}
}
