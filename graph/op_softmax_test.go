package graph

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// softmaxCases are the shapes and axes the softmax family is checked on.
var softmaxCases = []struct {
	shape []int
	axis  int
}{
	{[]int{3, 5}, 0}, {[]int{3, 5}, -1}, {[]int{2, 3, 4}, 0}, {[]int{2, 3, 4}, 1}, {[]int{2, 3, 4}, -1}, {[]int{7}, 0},
}

func TestSoftmaxGradients(t *testing.T) {
	for i, c := range softmaxCases {
		axis := c.axis
		name := fmt.Sprintf("%v axis %d", c.shape, axis)
		x := randInput(uint64(500+i), -3, 3, c.shape...)
		t.Run("Softmax "+name, func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return Softmax(x[0], axis) }, x)
		})
		t.Run("LogSoftmax "+name, func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return LogSoftmax(x[0], axis) }, x)
		})
		t.Run("Softmax second order "+name, func(t *testing.T) {
			checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Softmax(x[0], axis)) }), x)
		})
		t.Run("LogSoftmax second order "+name, func(t *testing.T) {
			checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(LogSoftmax(x[0], axis)) }), x)
		})
		t.Run("Softmax third order "+name, func(t *testing.T) {
			checkGradients(t, secondOrder(secondOrder(func(x ...*Node) *Node { return Square(Softmax(x[0], axis)) })), x)
		})
		t.Run("LogSoftmax third order "+name, func(t *testing.T) {
			checkGradients(t, secondOrder(secondOrder(func(x ...*Node) *Node { return Square(LogSoftmax(x[0], axis)) })), x)
		})
	}
}

// TestSoftmaxGradOpsDirectly checks the fused gradient ops with respect to
// both inputs, y and dy treated as independent.
func TestSoftmaxGradOpsDirectly(t *testing.T) {
	for _, axis := range []int{0, 1, -1} {
		y, dy := randInput(601, 0.1, 0.9, 2, 3, 5), randInput(602, -1, 1, 2, 3, 5)
		checkGradients(t, func(x ...*Node) *Node { return softmaxGrad(axis, x[0], x[1]) }, y, dy)
		ly := randInput(603, -3, -0.1, 2, 3, 5)
		checkGradients(t, func(x ...*Node) *Node { return logSoftmaxGrad(axis, x[0], x[1]) }, ly, dy)
	}
}

func TestSoftmaxValues(t *testing.T) {
	x := randInput(700, -5, 5, 2, 3, 4)
	for _, axis := range []int{0, 1, 2, -1} {
		g := New()
		xn := g.Const(x)
		sm, lsm := Softmax(xn, axis), LogSoftmax(xn, axis)
		out, err := NewSession(g).Run(nil, sm, lsm)
		if err != nil {
			t.Fatal(err)
		}
		want := tensor.Softmax(x, axis).Float64s()
		for i, v := range out[0].Float64s() {
			if math.Abs(v-want[i]) > 1e-15 {
				t.Fatalf("axis %d: softmax element %d = %v, want %v", axis, i, v, want[i])
			}
			if l := out[1].Float64s()[i]; math.Abs(l-math.Log(v)) > 1e-13 {
				t.Fatalf("axis %d: log_softmax element %d = %v, log(softmax) = %v", axis, i, l, math.Log(v))
			}
		}
	}
}

func TestSoftmaxStableForLargeLogits(t *testing.T) {
	g := New()
	x := g.Const(tensor.FromSlice([]float32{1000, 0, -1000, 1000, 1000, 999}, 2, 3))
	sm, lsm := Softmax(x, -1), LogSoftmax(x, -1)
	dsm, dlsm := Gradients(Square(sm), x)[0], Gradients(Square(lsm), x)[0]
	out, err := NewSession(g).Run(nil, sm, lsm, dsm, dlsm)
	if err != nil {
		t.Fatal(err)
	}
	actClose(t, "softmax", out[0].Values(), []float64{1, 0, 0, 0.4223187982515182, 0.4223187982515182, 0.15536240349696362})
	actClose(t, "log_softmax", out[1].Values(), []float64{0, -1000, -2000, -0.8619948040582512, -0.8619948040582512, -1.8619948040582512})
	for k, o := range out {
		for i, v := range o.Values() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("output %d element %d is %v", k, i, v)
			}
		}
	}
}

func TestSoftmaxLargeTensorsMatchComposite(t *testing.T) {
	// Big enough to run in parallel, along the last axis and a middle one.
	for _, c := range []struct {
		shape []int
		axis  int
	}{{[]int{300, 130}, -1}, {[]int{5, 40, 300}, 1}} {
		x := randInput(800, -3, 3, c.shape...)
		w := randInput(801, -1, 1, c.shape...)
		g := New()
		xn, wn := g.Const(x), g.Const(w)
		y := Softmax(xn, c.axis)
		ly := LogSoftmax(xn, c.axis)
		dx := GradientsSeeded(y, wn, xn)[0]
		dlx := GradientsSeeded(ly, wn, xn)[0]
		// The same gradients from graph ops: y·(w - Σ w·y) and w - y·Σ w.
		want := Mul(y, Sub(wn, Sum(Mul(wn, y), []int{c.axis}, true)))
		lwant := Sub(wn, Mul(y, Sum(wn, []int{c.axis}, true)))
		out, err := NewSession(g).Run(nil, dx, want, dlx, lwant)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 4; k += 2 {
			a, b := out[k].Float64s(), out[k+1].Float64s()
			for i := range a {
				if math.Abs(a[i]-b[i]) > 1e-14 {
					t.Fatalf("%v axis %d output %d element %d: %v, want %v", c.shape, c.axis, k, i, a[i], b[i])
				}
			}
		}
	}
}

func TestSoftmaxBuildErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *Graph) *Node
		want  []string
	}{
		{"axis out of range", func(g *Graph) *Node { return Softmax(g.Placeholder("x", tensor.Float32, 3, 5), 2) },
			[]string{"Softmax", "axis 2", "rank 2", "(3, 5)"}},
		{"negative axis out of range", func(g *Graph) *Node { return LogSoftmax(g.Placeholder("x", tensor.Float32, Unknown, 5), -3) },
			[]string{"LogSoftmax", "axis -3", "(None, 5)"}},
		{"scalar", func(g *Graph) *Node { return Softmax(g.Const(tensor.Scalar[float32](1)), 0) },
			[]string{"Softmax", "scalar"}},
		{"int64", func(g *Graph) *Node { return Softmax(g.Placeholder("x", tensor.Int64, 3), 0) },
			[]string{"Softmax", "int64"}},
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

// TestSoftmaxUnknownBatch builds with an unknown batch dimension and runs
// with two batch sizes.
func TestSoftmaxUnknownBatch(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 3)
	y := Softmax(x, -1)
	dx := Gradients(Square(y), x)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	sess := NewSession(g)
	for _, b := range []int{1, 4} {
		out, err := sess.Run(Feeds{x: tensor.New(tensor.Float32, b, 3)}, y, dx)
		if err != nil {
			t.Fatal(err)
		}
		actClose(t, "uniform softmax", out[0].Values()[:3], []float64{1.0 / 3, 1.0 / 3, 1.0 / 3})
		if !out[1].Shape().Equal(tensor.Shape{b, 3}) {
			t.Fatalf("gradient shape %v", out[1].Shape())
		}
	}
}
