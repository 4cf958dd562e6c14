package graph

import (
	"fmt"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// checkGradientsFed is checkGradients with every input fed to a
// placeholder, input 0's batch axis Unknown when the graph is built, so
// that ops are tested on shapes known only when the graph runs.
func checkGradientsFed(t *testing.T, build func(xs ...*Node) *Node, inputs ...*tensor.Tensor) {
	t.Helper()
	g := New()
	phs := make([]*Node, len(inputs))
	feeds := Feeds{}
	for i, in := range inputs {
		sh := append([]int(nil), in.Shape()...)
		if i == 0 && len(sh) > 0 {
			sh[0] = Unknown
		}
		phs[i] = g.Placeholder(fmt.Sprintf("x%d", i), tensor.Float64, sh...)
		feeds[phs[i]] = in
	}
	y := build(phs...)
	if err := g.Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	if len(inputs[0].Shape()) > 0 && y.Shape()[0] != Unknown {
		t.Fatalf("output static shape %s should keep the batch Unknown", formatShape(y.Shape()))
	}
	sess := NewSession(g)
	y0, err := sess.Run(feeds, y)
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	weights := randInput(7, -1, 1, y0[0].Shape()...)
	grads := GradientsSeeded(y, g.Const(weights), phs...)
	if err := g.Err(); err != nil {
		t.Fatalf("Gradients: %v", err)
	}
	f := func() float64 {
		out, err := sess.Run(feeds, y)
		if err != nil {
			t.Fatalf("numeric gradient: %v", err)
		}
		s := 0.0
		for k, v := range out[0].Float64s() {
			s += v * weights.Float64s()[k]
		}
		return s
	}
	for i := range phs {
		analytic := tensor.New(tensor.Float64, inputs[i].Shape()...)
		if grads[i] != nil {
			out, err := sess.Run(feeds, grads[i])
			if err != nil {
				t.Fatalf("gradient of x%d: %v", i, err)
			}
			analytic = out[0]
			if !analytic.Shape().Equal(inputs[i].Shape()) {
				t.Fatalf("gradient of x%d has shape %v, want %v", i, analytic.Shape(), inputs[i].Shape())
			}
		}
		xp := inputs[i].Clone()
		feeds[phs[i]] = xp
		numeric := tensor.New(tensor.Float64, inputs[i].Shape()...)
		d := xp.Float64s()
		for j := range d {
			orig := d[j]
			d[j] = orig + gradEps
			fp := f()
			d[j] = orig - gradEps
			fm := f()
			d[j] = orig
			numeric.Float64s()[j] = (fp - fm) / (2 * gradEps)
		}
		feeds[phs[i]] = inputs[i]
		compareGradients(t, fmt.Sprintf("x%d", i), analytic, numeric)
	}
}

// seqInput returns a float64 tensor of the given shape holding 1, 2, 3, …
// in row-major order.
func seqInput(shape ...int) *tensor.Tensor {
	t := tensor.New(tensor.Float64, shape...)
	for i := range t.Float64s() {
		t.Float64s()[i] = float64(i + 1)
	}
	return t
}

// runOne builds f on constants made of inputs, runs it and returns the
// result, failing the test on any error.
func runOne(t *testing.T, f func(xs ...*Node) *Node, inputs ...*tensor.Tensor) *tensor.Tensor {
	t.Helper()
	g := New()
	xs := make([]*Node, len(inputs))
	for i, in := range inputs {
		xs[i] = g.Const(in)
	}
	y := f(xs...)
	if err := g.Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	out, err := NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return out[0]
}

// expectValues fails unless got has the given shape and values (within
// tol).
func expectValues(t *testing.T, what string, got *tensor.Tensor, shape []int, want []float64, tol float64) {
	t.Helper()
	if !got.Shape().Equal(tensor.Shape(shape)) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape(), shape)
	}
	g := tensor.Cast(got, tensor.Float64).Float64s()
	for i := range want {
		if d := g[i] - want[i]; d > tol || d < -tol {
			t.Fatalf("%s: element %d is %g, want %g (all: %v)", what, i, g[i], want[i], g)
		}
	}
}
