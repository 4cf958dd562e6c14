package graph

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestGradCheckReductions(t *testing.T) {
	type reduce func(*Node, []int, bool) *Node
	for _, op := range []struct {
		name string
		f    reduce
	}{{"Sum", Sum}, {"Mean", Mean}, {"Max", Max}, {"Min", Min}} {
		for _, c := range []struct {
			axes []int
			keep bool
		}{{nil, false}, {[]int{1}, false}, {[]int{0, 2}, false}, {[]int{-1}, true}, {[]int{0}, false}, {[]int{2, 0}, true}} {
			t.Run(fmt.Sprintf("%s%v keep=%v", op.name, c.axes, c.keep), func(t *testing.T) {
				checkGradients(t, func(x ...*Node) *Node { return op.f(x[0], c.axes, c.keep) },
					randInput(31, -1, 1, 2, 3, 5))
			})
		}
	}
	t.Run("second order Sum", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Sum(Mul(x[0], x[0]), []int{1}, false)) }),
			randInput(32, -1, 1, 3, 5))
	})
	t.Run("second order Mean", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Mean(Mul(x[0], x[1]), []int{0, 2}, true)) }),
			randInput(33, -1, 1, 2, 3, 5), randInput(34, -1, 1, 2, 3, 5))
	})
	t.Run("second order Max", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(Max(Mul(x[0], x[1]), []int{1}, false)) }),
			randInput(35, -1, 1, 3, 5), randInput(36, -1, 1, 3, 5))
	})
}

// TestGradCheckReductionsUnknownBatch checks reductions of placeholders
// whose batch dimension is Unknown, for two batch sizes.
func TestGradCheckReductionsUnknownBatch(t *testing.T) {
	for _, batch := range []int{2, 5} {
		for _, c := range []struct {
			name string
			f    func(x ...*Node) *Node
		}{
			{"Mean axis 0", func(x ...*Node) *Node { return Mean(x[0], []int{0}, false) }},
			{"Mean axis -1", func(x ...*Node) *Node { return Mean(x[0], []int{-1}, false) }},
			{"Mean all", func(x ...*Node) *Node { return Mean(x[0], nil, false) }},
			{"Mean keep", func(x ...*Node) *Node { return Mean(x[0], []int{0, 2}, true) }},
			{"Sum axis 1", func(x ...*Node) *Node { return Sum(x[0], []int{1}, false) }},
			{"Max axis 1", func(x ...*Node) *Node { return Max(x[0], []int{1}, false) }},
			{"Min axis 0", func(x ...*Node) *Node { return Min(x[0], []int{0}, false) }},
			{"second order Mean", secondOrder(func(x ...*Node) *Node { return Square(Mean(Mul(x[0], x[0]), []int{0}, false)) })},
			{"second order Sum", secondOrder(func(x ...*Node) *Node { return Square(Sum(Mul(x[0], x[0]), []int{1}, false)) })},
		} {
			t.Run(fmt.Sprintf("%s batch %d", c.name, batch), func(t *testing.T) {
				shapeCheckGradientsFed(t, c.f, randInput(uint64(40+batch), -1, 1, batch, 3, 2))
			})
		}
	}
}

// shapeCheckGradientsFed is checkGradients with each input a placeholder whose
// first dimension is Unknown, fed with the given values; the seed is a
// placeholder too. It checks ops whose gradients depend on run-time shapes.
func shapeCheckGradientsFed(t *testing.T, build func(xs ...*Node) *Node, inputs ...*tensor.Tensor) {
	t.Helper()
	g := New()
	ps := make([]*Node, len(inputs))
	feeds := Feeds{}
	for i, in := range inputs {
		shape := append([]int{Unknown}, in.Shape()[1:]...)
		ps[i] = g.Placeholder(fmt.Sprintf("x%d", i), tensor.Float64, shape...)
		feeds[ps[i]] = in
	}
	y := build(ps...)
	if err := g.Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	sess := NewSession(g)
	y0, err := sess.Run(feeds, y)
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	weights := randInput(7, -1, 1, y0[0].Shape()...)
	seed := g.Placeholder("seed", tensor.Float64, y.Shape()...)
	grads := GradientsSeeded(y, seed, ps...)
	if err := g.Err(); err != nil {
		t.Fatalf("Gradients: %v", err)
	}
	run := func(n *Node) *tensor.Tensor {
		f := Feeds{seed: weights}
		for k, v := range feeds {
			f[k] = v
		}
		out, err := sess.Run(f, n)
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		return out[0]
	}
	for i, in := range inputs {
		analytic := tensor.New(tensor.Float64, in.Shape()...)
		if grads[i] != nil {
			analytic = run(grads[i])
			if !analytic.Shape().Equal(in.Shape()) {
				t.Fatalf("gradient of x%d has shape %v, want %v", i, analytic.Shape(), in.Shape())
			}
		}
		numeric := tensor.New(tensor.Float64, in.Shape()...)
		xp := in.Clone()
		d := xp.Float64s()
		f := func() float64 {
			saved := feeds[ps[i]]
			feeds[ps[i]] = xp
			out := run(y)
			feeds[ps[i]] = saved
			s := 0.0
			for k, v := range out.Float64s() {
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
			numeric.Float64s()[j] = (fp - fm) / (2 * gradEps)
		}
		compareGradients(t, fmt.Sprintf("x%d", i), analytic, numeric)
	}
}

func TestReductionValues(t *testing.T) {
	g := New()
	x := g.Const(tensor.FromSlice([]float32{1, 5, 3, -2, 0, 4}, 2, 3))
	fetches := []*Node{
		Sum(x, nil, false), Sum(x, []int{0}, false), Sum(x, []int{1}, true),
		Mean(x, []int{-1}, false), Max(x, []int{1}, false), Min(x, []int{0}, true),
		ArgMax(x, 1), ArgMin(x, 0),
	}
	want := []struct {
		shape tensor.Shape
		vals  []float64
	}{
		{tensor.Shape{}, []float64{11}},
		{tensor.Shape{3}, []float64{-1, 5, 7}},
		{tensor.Shape{2, 1}, []float64{9, 2}},
		{tensor.Shape{2}, []float64{3, 2.0 / 3}},
		{tensor.Shape{2}, []float64{5, 4}},
		{tensor.Shape{1, 3}, []float64{-2, 0, 3}},
		{tensor.Shape{2}, []float64{1, 2}},
		{tensor.Shape{3}, []float64{1, 1, 0}},
	}
	out, err := NewSession(g).Run(nil, fetches...)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if !out[i].Shape().Equal(w.shape) || !fetches[i].Shape().Equal(w.shape) {
			t.Errorf("%s: shape %v (static %v), want %v", fetches[i].Type(), out[i].Shape(), fetches[i].Shape(), w.shape)
			continue
		}
		for k, v := range out[i].Values() {
			if float32(v) != float32(w.vals[k]) {
				t.Errorf("%s: got %v, want %v", fetches[i].Type(), out[i].Values(), w.vals)
				break
			}
		}
	}
	if fetches[6].DType() != tensor.Int64 || out[6].DType() != tensor.Int64 {
		t.Errorf("ArgMax dtype %v, want int64", fetches[6].DType())
	}
}

func TestMaxGradientSharesTies(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.FromSlice([]float32{1, 3, 3, 2, 0, 1, 7, 7, 7}, 3, 3))
	dxMax := Gradients(Max(x, []int{1}, false), x)[0]
	dxMin := Gradients(Min(x, nil, false), x)[0]
	out, err := NewSession(g).Run(nil, dxMax, dxMin)
	if err != nil {
		t.Fatal(err)
	}
	third := float32(1) / 3
	wantMax := []float32{0, 0.5, 0.5, 1, 0, 0, third, third, third}
	wantMin := []float32{0, 0, 0, 0, 1, 0, 0, 0, 0}
	for i := range wantMax {
		if out[0].Float32s()[i] != wantMax[i] || out[1].Float32s()[i] != wantMin[i] {
			t.Fatalf("Max gradient %v, want %v; Min gradient %v, want %v", out[0], wantMax, out[1], wantMin)
		}
	}
}

func TestMeanUnknownBatch(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 3)
	cols := Mean(x, []int{0}, false)
	rows := Mean(x, []int{-1}, false)
	all := Mean(x, nil, false)
	if !cols.Shape().Equal(tensor.Shape{3}) || !rows.Shape().Equal(tensor.Shape{Unknown}) || !all.Shape().Equal(tensor.Shape{}) {
		t.Fatalf("static shapes %v, %v, %v; want (3,), (None,), ()", cols.Shape(), rows.Shape(), all.Shape())
	}
	dCols := Gradients(cols, x)[0]
	dAll := Gradients(Mean(Square(x), nil, false), x)[0]
	sess := NewSession(g)
	for _, batch := range []int{2, 4} {
		v := make([]float32, batch*3)
		for i := range v {
			v[i] = float32(i)
		}
		out, err := sess.Run(Feeds{x: tensor.FromSlice(v, batch, 3)}, cols, rows, dCols, dAll)
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 3; j++ { // column j holds j, j+3, …: mean j + 3(batch-1)/2
			if want := float32(j) + 1.5*float32(batch-1); out[0].Float32s()[j] != want {
				t.Errorf("batch %d: column mean %d = %v, want %v", batch, j, out[0].Float32s()[j], want)
			}
		}
		for i := 0; i < batch; i++ {
			if want := float32(3*i + 1); out[1].Float32s()[i] != want {
				t.Errorf("batch %d: row mean %d = %v, want %v", batch, i, out[1].Float32s()[i], want)
			}
		}
		for i, d := range out[2].Float32s() {
			if d != 1/float32(batch) {
				t.Fatalf("batch %d: d mean(x, 0)/dx[%d] = %v, want 1/%d", batch, i, d, batch)
			}
		}
		for i, d := range out[3].Float32s() { // d mean(x²)/dx = 2x / (3·batch)
			if want := 2 * v[i] / float32(3*batch); !tensor.IsClose(float64(d), float64(want), 1e-6, 0) {
				t.Fatalf("batch %d: d mean(x²)/dx[%d] = %v, want %v", batch, i, d, want)
			}
		}
	}
}

func TestReductionErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func(g *Graph)
		want  []string
	}{
		{"axis out of range", func(g *Graph) {
			Sum(g.Placeholder("x", tensor.Float32, Unknown, 3), []int{2}, false)
		}, []string{"Sum", "axis 2", "(None, 3)"}},
		{"repeated axis", func(g *Graph) {
			Max(g.Placeholder("x", tensor.Float32, 2, 3), []int{1, -1}, false)
		}, []string{"Max", "repeated", "(2, 3)"}},
		{"integer mean", func(g *Graph) {
			Mean(g.Const(tensor.FromSlice([]int64{1, 2})), nil, false)
		}, []string{"Mean", "float", "int64"}},
		{"empty max", func(g *Graph) {
			Min(g.Placeholder("x", tensor.Float32, 0, 3), []int{0}, false)
		}, []string{"Min", "size 0", "(0, 3)"}},
		{"argmax axis", func(g *Graph) {
			ArgMax(g.Placeholder("x", tensor.Float32, 4), 1)
		}, []string{"ArgMax", "axis 1", "(4,)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := New()
			c.build(g)
			err := g.Err()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestArgMaxHasNoGradient(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.FromSlice([]float64{1, 3, 2, 0}, 2, 2))
	for _, n := range []*Node{ArgMax(x, 1), ArgMin(x, -1)} {
		_, err := n.Op().Gradient(n, OnesLike(x))
		if !errors.Is(err, ErrNoGradient) || !strings.Contains(err.Error(), n.Type()) {
			t.Errorf("%s: Gradient returned %v, want ErrNoGradient naming it", n.Type(), err)
		}
	}
	// An integer output carries no gradient, so a float result built from
	// the indices (here a one-hot mask) differentiates only through x.
	y := Mul(OneHot(ArgMax(x, 1), 2, tensor.Float64), x)
	dx := Gradients(y, x)[0]
	if g.Err() != nil {
		t.Fatal(g.Err())
	}
	out, err := NewSession(g).Run(nil, dx)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float64s(); got[0] != 0 || got[1] != 1 || got[2] != 1 || got[3] != 0 {
		t.Fatalf("gradient %v, want the one-hot mask [0 1 1 0]", got)
	}
}
