package graph

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// vec returns a rank-1 tensor of dtype with the given values.
func vec(dtype tensor.DType, vals ...float64) *tensor.Tensor {
	t := tensor.New(dtype, len(vals))
	for i, v := range vals {
		t.Set(v, i)
	}
	return t
}

// scalar returns a rank-0 tensor of dtype holding v.
func scalar(dtype tensor.DType, v float64) *tensor.Tensor {
	t := tensor.New(dtype)
	t.Fill(v)
	return t
}

// tolFor is the relative tolerance of pinned values in dtype.
func tolFor(dtype tensor.DType) float64 {
	if dtype == tensor.Float32 {
		return 1e-6
	}
	return 1e-13
}

// checkValues fails unless got matches want to within tol relatively.
func checkValues(t *testing.T, what string, got *tensor.Tensor, want []float64, tol float64) {
	t.Helper()
	vals := got.Values()
	if len(vals) != len(want) {
		t.Fatalf("%s = %v, want %v", what, vals, want)
	}
	for i := range want {
		if math.Abs(vals[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s = %v, want %v", what, vals, want)
			return
		}
	}
}

var floatDTypes = []tensor.DType{tensor.Float32, tensor.Float64}

func TestApplySGD(t *testing.T) {
	// w ← w − lr·g with w0 = [1, 2], g = [0.5, −1], lr = 0.1:
	// step 1: [1 − 0.05, 2 + 0.1] = [0.95, 2.1]; step 2: [0.9, 2.2].
	for _, dt := range floatDTypes {
		g := New()
		w := g.Variable("w", vec(dt, 1, 2))
		lr := g.Variable("lr", scalar(dt, 0.1))
		step := ApplySGD(w, g.Const(vec(dt, 0.5, -1)), lr)
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		if step.DType() != dt || len(step.Shape()) != 0 {
			t.Fatalf("%v: ApplySGD output is %v, want a %v scalar", dt, step, dt)
		}
		sess := NewSession(g)
		for k, want := range [][]float64{{0.95, 2.1}, {0.9, 2.2}} {
			out, err := sess.Run(nil, step)
			if err != nil {
				t.Fatal(err)
			}
			if out[0].Item() != 0 {
				t.Errorf("%v: ApplySGD returned %v, want 0", dt, out[0].Item())
			}
			checkValues(t, dt.String()+" w after step "+string(rune('1'+k)), w.Value(), want, tolFor(dt))
		}
	}
}

func TestApplySGDWeakScalarLearningRate(t *testing.T) {
	g := New()
	w := g.Variable("w", vec(tensor.Float64, 1))
	step := ApplySGD(w, g.Const(vec(tensor.Float64, 1)), g.Scalar(0.1))
	if _, err := NewSession(g).Run(nil, step); err != nil {
		t.Fatal(err)
	}
	if got := w.Value().Float64s()[0]; got != 0.9 { // 1 − 0.1 computed in float64
		t.Fatalf("w = %v, want exactly 0.9", got)
	}
}

func TestApplyMomentum(t *testing.T) {
	// Keras SGD, lr = 0.1, momentum = 0.9, w0 = 1, constant g = 0.5 (lr·g = 0.05):
	// plain:    step 1: vel = −0.05,             w = 1 − 0.05 = 0.95
	//           step 2: vel = −0.05 + 0.9·−0.05 = −0.095, w = 0.95 − 0.095 = 0.855
	// nesterov: step 1: vel = −0.05, w = 1 + (−0.05 + 0.9·−0.05) = 0.905
	//           step 2: vel = −0.095, w = 0.905 + (−0.05 + 0.9·−0.095) = 0.905 − 0.1355 = 0.7695
	cases := []struct {
		nesterov bool
		w        [2]float64
	}{{false, [2]float64{0.95, 0.855}}, {true, [2]float64{0.905, 0.7695}}}
	for _, c := range cases {
		for _, dt := range floatDTypes {
			g := New()
			w := g.Variable("w", vec(dt, 1))
			vel := g.Variable("w/velocity", vec(dt, 0))
			step := ApplyMomentum(w, vel, g.Const(vec(dt, 0.5)), g.Variable("lr", scalar(dt, 0.1)), g.Scalar(0.9), c.nesterov)
			sess := NewSession(g)
			for k, wantV := range []float64{-0.05, -0.095} {
				if _, err := sess.Run(nil, step); err != nil {
					t.Fatal(err)
				}
				checkValues(t, "velocity", vel.Value(), []float64{wantV}, tolFor(dt))
				checkValues(t, "w", w.Value(), []float64{c.w[k]}, tolFor(dt))
			}
		}
	}
}

// Adam by Keras's formulas with w0 = 1, constant g = 0.5, lr = 0.001,
// beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7:
//
//	t = 1: alpha = 0.001·sqrt(0.001)/0.1 = 3.16227766e-4
//	       m = 0 + 0.5·0.1 = 0.05, v = 0 + 0.25·0.001 = 2.5e-4
//	       w = 1 − alpha·0.05/(0.0158113883 + 1e-7) = 0.999000006324515
//	t = 2: alpha = 0.001·sqrt(1 − 0.998001)/(1 − 0.81) = 2.35316725e-4
//	       m = 0.05 + 0.45·0.1 = 0.095, v = 2.5e-4 + 0.24975·0.001 = 4.9975e-4
//	       w = 0.999000006324515 − alpha·0.095/(sqrt(4.9975e-4) + 1e-7) = 0.99800001079775
var adamWant = []struct{ w, m, v float64 }{
	{0.9990000063245154, 0.05, 2.5e-4},
	{0.9980000107977498, 0.095, 4.9975e-4},
}

func TestApplyAdam(t *testing.T) {
	for _, dt := range floatDTypes {
		g := New()
		w := g.Variable("w", vec(dt, 1, 1))
		m := g.Variable("w/m", vec(dt, 0, 0))
		v := g.Variable("w/v", vec(dt, 0, 0))
		iter := g.Variable("iterations", scalar(dt, 0))
		// The step number is read at the start of the Run, before the
		// counter's increment in the same Run.
		tNext := Add(iter, g.Scalar(1))
		update := ApplyAdam(w, m, v, g.Const(vec(dt, 0.5, 0.5)), g.Variable("lr", scalar(dt, 0.001)), tNext, 0.9, 0.999, 1e-7)
		step := Group(update, AssignAdd(iter, g.Scalar(1)))
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		sess := NewSession(g)
		for k, want := range adamWant {
			if _, err := sess.Run(nil, step); err != nil {
				t.Fatal(err)
			}
			tol := tolFor(dt)
			checkValues(t, dt.String()+" w", w.Value(), []float64{want.w, want.w}, tol)
			checkValues(t, dt.String()+" m", m.Value(), []float64{want.m, want.m}, tol)
			checkValues(t, dt.String()+" v", v.Value(), []float64{want.v, want.v}, tol)
			if got := iter.Value().Item(); got != float64(k+1) {
				t.Fatalf("iterations = %v after %d steps", got, k+1)
			}
		}
	}
}

func TestApplyAMSGrad(t *testing.T) {
	// lr = 0.01, w0 = 1, g = 1 then 0 (defaults otherwise):
	//	t = 1: m = 0.1, v = 0.001, vhat = 0.001, alpha = 0.01·sqrt(0.001)/0.1
	//	       w = 1 − alpha·0.1/(sqrt(0.001) + 1e-7) = 0.9900000316226766
	//	t = 2: m = 0.1 − 0.1·0.1 = 0.09, v = 0.001 − 0.001·0.001 = 0.000999,
	//	       vhat = max(0.001, 0.000999) = 0.001, alpha = 0.01·sqrt(0.001999)/0.19
	//	       w = 0.99000003162 − alpha·0.09/(sqrt(0.001) + 1e-7) = 0.983302821389012
	//	       (plain Adam, dividing by sqrt(0.000999), gives 0.9832994702809491)
	for _, dt := range floatDTypes {
		g := New()
		w := g.Variable("w", vec(dt, 1))
		m := g.Variable("m", vec(dt, 0))
		v := g.Variable("v", vec(dt, 0))
		vHat := g.Variable("vhat", vec(dt, 0))
		grad := g.Placeholder("g", dt, 1)
		tStep := g.Placeholder("t", dt)
		step := ApplyAMSGrad(w, m, v, vHat, grad, g.Scalar(0.01), tStep, 0.9, 0.999, 1e-7)
		sess := NewSession(g)
		for k, gv := range []float64{1, 0} {
			if _, err := sess.Run(Feeds{grad: vec(dt, gv), tStep: scalar(dt, float64(k+1))}, step); err != nil {
				t.Fatal(err)
			}
		}
		checkValues(t, "m", m.Value(), []float64{0.09}, tolFor(dt))
		checkValues(t, "v", v.Value(), []float64{0.000999}, tolFor(dt))
		checkValues(t, "vhat", vHat.Value(), []float64{0.001}, tolFor(dt))
		checkValues(t, "w", w.Value(), []float64{0.983302821389012}, tolFor(dt))
	}
}

func TestUpdateSeesLossFromBeforeTheUpdate(t *testing.T) {
	// loss = w², dloss/dw = 2w. With w0 = 3: the Run's loss is 9 and the
	// gradient 6, whatever order the fetches come in; SGD with lr 0.1 then
	// gives w = 3 − 0.6 = 2.4, and the next Run's loss is 5.76.
	// Adam's first step moves w by lr·m̂/(sqrt(v̂) + ε') ≈ lr: 3 → ~2.999.
	g := New()
	w := g.Variable("w", tensor.Scalar[float64](3))
	loss := Square(w)
	grad := Gradients(loss, w)[0]
	step := Group(ApplySGD(w, grad, g.Scalar(0.1)))
	sess := NewSession(g)
	out, err := sess.Run(nil, step, loss, grad)
	if err != nil {
		t.Fatal(err)
	}
	if out[1].Item() != 9 || out[2].Item() != 6 {
		t.Fatalf("loss, grad = %v, %v; want 9, 6 (computed before the update)", out[1].Item(), out[2].Item())
	}
	if got := w.Value().Item(); math.Abs(got-2.4) > 1e-15 {
		t.Fatalf("w = %v, want 2.4", got)
	}
	out, err = sess.Run(nil, loss, step)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(out[0].Item()-5.76) > 1e-14 {
		t.Fatalf("second loss = %v, want 5.76", out[0].Item())
	}

	g = New()
	w = g.Variable("w", tensor.Scalar[float32](3))
	m := g.Variable("m", tensor.Scalar[float32](0))
	v := g.Variable("v", tensor.Scalar[float32](0))
	loss = Square(w)
	step = ApplyAdam(w, m, v, Gradients(loss, w)[0], g.Scalar(0.001), g.Scalar(1), 0.9, 0.999, 1e-7)
	out, err = NewSession(g).Run(nil, step, loss)
	if err != nil {
		t.Fatal(err)
	}
	if out[1].Item() != 9 {
		t.Fatalf("Adam: loss = %v, want 9 (from w before the update)", out[1].Item())
	}
	if got := w.Value().Item(); math.Abs(got-2.999) > 1e-6 {
		t.Fatalf("Adam: w = %v, want 2.999", got)
	}
}

func TestUpdateOpErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *Graph) *Node
		want  []string
	}{
		{"not a variable", func(g *Graph) *Node {
			c := g.Const(vec(tensor.Float32, 1))
			return ApplySGD(c, c, g.Scalar(0.1))
		}, []string{"ApplySGD", "variable", "Const"}},
		{"gradient shape", func(g *Graph) *Node {
			return ApplySGD(g.Variable("w", vec(tensor.Float32, 1, 2)), g.Const(vec(tensor.Float32, 1, 2, 3)), g.Scalar(0.1))
		}, []string{"ApplySGD", "(2,)", "(3,)", "gradient"}},
		{"gradient dtype", func(g *Graph) *Node {
			return ApplySGD(g.Variable("w", vec(tensor.Float32, 1)), g.Const(vec(tensor.Float64, 1)), g.Scalar(0.1))
		}, []string{"ApplySGD", "float64", "gradient"}},
		{"integer variable", func(g *Graph) *Node {
			w := g.Variable("w", vec(tensor.Int64, 1))
			return ApplySGD(w, w, g.Const(scalar(tensor.Int64, 1)))
		}, []string{"int64"}},
		{"lr not scalar", func(g *Graph) *Node {
			return ApplySGD(g.Variable("w", vec(tensor.Float32, 1)), g.Const(vec(tensor.Float32, 1)), g.Const(vec(tensor.Float32, 0.1)))
		}, []string{"learning rate", "scalar", "(1,)"}},
		{"slot shape", func(g *Graph) *Node {
			w := g.Variable("w", vec(tensor.Float32, 1, 2))
			return ApplyAdam(w, g.Variable("m", vec(tensor.Float32, 0)), g.Variable("v", vec(tensor.Float32, 0, 0)),
				g.Const(vec(tensor.Float32, 1, 1)), g.Scalar(0.1), g.Scalar(1), 0.9, 0.999, 1e-7)
		}, []string{"ApplyAdam", " m ", "(1,)"}},
		{"same variable twice", func(g *Graph) *Node {
			w := g.Variable("w", vec(tensor.Float32, 1))
			return ApplyMomentum(w, w, g.Const(vec(tensor.Float32, 1)), g.Scalar(0.1), g.Scalar(0.9), false)
		}, []string{"ApplyMomentum", "w", "both"}},
	}
	for _, c := range cases {
		g := New()
		if n := c.build(g); n.ID() >= 0 {
			t.Errorf("%s: built a node", c.name)
		}
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

func TestUpdateAndGroupHaveNoGradient(t *testing.T) {
	for _, build := range []func(g *Graph, w *Node) *Node{
		func(g *Graph, w *Node) *Node { return ApplySGD(w, w, g.Scalar(0.1)) },
		func(g *Graph, w *Node) *Node { return Group(Square(w)) },
	} {
		g := New()
		w := g.Variable("w", tensor.Scalar[float32](1))
		x := g.Variable("x", tensor.Scalar[float32](1))
		Gradients(Add(build(g, x), w), x)
		if err := g.Err(); !errors.Is(err, ErrNoGradient) {
			t.Errorf("got %v, want an error wrapping ErrNoGradient", err)
		}
	}
}

func TestGroupRunsAllUpdatesOnce(t *testing.T) {
	g := New()
	a := g.Variable("a", tensor.Scalar[float32](1))
	b := g.Variable("b", tensor.Scalar[float64](1))
	step := Group(ApplySGD(a, g.Scalar(1), g.Scalar(0.5)), AssignAdd(b, g.Scalar(2)))
	if step.DType() != tensor.Float32 || len(step.Shape()) != 0 {
		t.Fatalf("Group output is %v, want a float32 scalar", step)
	}
	out, err := NewSession(g).Run(nil, step)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Item() != 0 || a.Value().Item() != 0.5 || b.Value().Item() != 3 {
		t.Fatalf("group = %v, a = %v, b = %v; want 0, 0.5, 3", out[0].Item(), a.Value().Item(), b.Value().Item())
	}
}

func TestUpdateKernelsDoNotAllocate(t *testing.T) {
	for _, dt := range floatDTypes {
		w, m, v, vh, grad := vec(dt, 1, 2, 3), vec(dt, 0, 0, 0), vec(dt, 0, 0, 0), vec(dt, 0, 0, 0), vec(dt, 0.5, -1, 2)
		lr, step, mu, out := scalar(dt, 0.001), scalar(dt, 1), scalar(dt, 0.9), scalar(dt, 0)
		for _, c := range []struct {
			op Op
			in []*tensor.Tensor
		}{
			{applySGDOp{}, []*tensor.Tensor{w, grad, lr}},
			{applyMomentumOp{nesterov: true}, []*tensor.Tensor{w, m, grad, lr, mu}},
			{applyAdamOp{beta1: 0.9, beta2: 0.999, epsilon: 1e-7}, []*tensor.Tensor{w, m, v, grad, lr, step}},
			{applyAdamOp{beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: true}, []*tensor.Tensor{w, m, v, vh, grad, lr, step}},
		} {
			if n := testing.AllocsPerRun(10, func() { c.op.Compute(out, c.in) }); n != 0 {
				t.Errorf("%s %v: %v allocations per step", c.op.Type(), dt, n)
			}
		}
	}
}
