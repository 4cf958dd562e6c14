package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// refLSTMCell applies Keras's LSTM cell equations (gate order i, f, c, o)
// to pre-activations z (rows×4u) and c_prev (rows×u), returning h and c.
func refLSTMCell(z, cp []float64, rows, u int) (h, c []float64) {
	h, c = make([]float64, rows*u), make([]float64, rows*u)
	for r := 0; r < rows; r++ {
		for j := 0; j < u; j++ {
			zr := z[r*4*u:]
			i := refSigmoid(zr[j])
			f := refSigmoid(zr[u+j])
			g := math.Tanh(zr[2*u+j])
			o := refSigmoid(zr[3*u+j])
			c[r*u+j] = f*cp[r*u+j] + i*g
			h[r*u+j] = o * math.Tanh(c[r*u+j])
		}
	}
	return h, c
}

// lstmPacked returns [h | c] row by row.
func lstmPacked(h, c []float64, rows, u int) []float64 {
	out := make([]float64, 0, 2*rows*u)
	for r := 0; r < rows; r++ {
		out = append(out, h[r*u:(r+1)*u]...)
		out = append(out, c[r*u:(r+1)*u]...)
	}
	return out
}

// One LSTM step with fixed weights, against Keras's equations computed
// plainly in float64, in both float dtypes.
func TestLSTMCellKnownValues(t *testing.T) {
	const rows, n, u = 2, 3, 2
	x, w := pinned(0.3, 1, rows, n), pinned(0.2, 2, n, 4*u)
	hp, uw := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, 4*u)
	b, cp := pinned(0.1, 5, 4*u), pinned(0.4, 6, rows, u)
	z := refDense(x.Float64s(), w.Float64s(), n, hp.Float64s(), uw.Float64s(), u, b.Float64s(), rows, 4*u)
	h, c := refLSTMCell(z, cp.Float64s(), rows, u)
	want := lstmPacked(h, c, rows, u)
	for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
		g := New()
		k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
		zn := Add(Add(MatMul(k(x), k(w)), MatMul(k(hp), k(uw))), k(b))
		s := LSTMCell(zn, Concat(1, k(hp), k(cp)))
		tol := 1e-13
		if dt == tensor.Float32 {
			tol = 1e-6
		}
		expectClose(t, "LSTMCell "+dt.String(), runNode(t, s), want, tol)
	}
}

// Many rows and more units than one block: the parallel, blocked path.
func TestLSTMCellLarge(t *testing.T) {
	const rows, u = 70, 150
	z, st := randInput(1, -3, 3, rows, 4*u), randInput(2, -2, 2, rows, 2*u)
	cp := make([]float64, 0, rows*u)
	for r := 0; r < rows; r++ {
		cp = append(cp, st.Float64s()[r*2*u+u:(r+1)*2*u]...)
	}
	h, c := refLSTMCell(z.Float64s(), cp, rows, u)
	g := New()
	expectClose(t, "LSTMCell", runNode(t, LSTMCell(g.Const(z), g.Const(st))), lstmPacked(h, c, rows, u), 1e-13)
	g = New()
	s32 := LSTMCell(g.Const(tensor.Cast(z, tensor.Float32)), g.Const(tensor.Cast(st, tensor.Float32)))
	expectClose(t, "LSTMCell float32", runNode(t, s32), lstmPacked(h, c, rows, u), 2e-6)
}

func TestLSTMCellShapeErrors(t *testing.T) {
	for _, c := range []struct {
		z, s []int
		msg  string
	}{
		{[]int{2, 7}, []int{2, 4}, "not a multiple of 4"},
		{[]int{2, 8}, []int{2, 6}, "disagree on the number of units"},
		{[]int{2, 8}, []int{3, 4}, "different batch sizes"},
		{[]int{8}, []int{2, 4}, "must be a matrix"},
	} {
		g := New()
		LSTMCell(g.Placeholder("z", tensor.Float32, c.z...), g.Placeholder("s", tensor.Float32, c.s...))
		if err := g.Err(); err == nil || !contains2(err.Error(), "LSTMCell", c.msg) {
			t.Errorf("z %v, state %v: error %v, want one naming LSTMCell and %q", c.z, c.s, err, c.msg)
		}
	}
	g := New()
	s := LSTMCell(g.Placeholder("z", tensor.Float32, Unknown, 12), g.Placeholder("s", tensor.Float32, 5, Unknown))
	if err := g.Err(); err != nil || !s.Shape().Equal(tensor.Shape{5, 6}) {
		t.Errorf("static shape %v (error %v), want (5, 6)", s.Shape(), err)
	}
}

func TestLSTMCellGradients(t *testing.T) {
	cell := func(xs ...*Node) *Node { return LSTMCell(xs[0], xs[1]) }
	checkGradients(t, cell, randInput(3, -2, 2, 3, 8), randInput(4, -2, 2, 3, 4))
	// more units than a block
	checkGradients(t, cell, randInput(5, -2, 2, 2, 4*rnnBlock+12), randInput(6, -2, 2, 2, 2*rnnBlock+6))
	// the two nodes LSTMCell adds, each on its own
	checkGradients(t, func(xs ...*Node) *Node { return lstmGates(xs[0]) }, randInput(7, -3, 3, 3, 8))
	checkGradients(t, func(xs ...*Node) *Node { return xs[0].g.AddNode(lstmCellOp{}, "", xs[0], xs[1]) },
		randInput(8, -1, 1, 3, 8), randInput(9, -2, 2, 3, 4))
}

// lstmUnrolled builds steps LSTM steps over time-major x (steps, batch, n)
// with kernel w (n, 4u), recurrent kernel uw (u, 4u), bias b (4u) and
// initial packed state s0 (batch, 2u), and returns the final state.
func lstmUnrolled(x, w, uw, b, s0 *Node, steps, batch, n, u int) *Node {
	s := s0
	for t := 0; t < steps; t++ {
		xt := Reshape(Slice(x, 0, t, t+1), batch, n)
		h := Slice(s, 1, 0, u)
		s = LSTMCell(Add(Add(MatMul(xt, w), MatMul(h, uw)), b), s)
	}
	return s
}

// Backpropagation through time: a 5-step sequence of MatMul and LSTMCell
// nodes, differentiated with respect to the data, all weights and the
// initial state.
func TestLSTMUnrolledGradients(t *testing.T) {
	const steps, batch, n, u = 5, 2, 3, 2
	checkGradients(t, func(xs ...*Node) *Node {
		return lstmUnrolled(xs[0], xs[1], xs[2], xs[3], xs[4], steps, batch, n, u)
	},
		randInput(7, -1, 1, steps, batch, n), randInput(8, -1, 1, n, 4*u), randInput(9, -1, 1, u, 4*u),
		randInput(10, -0.5, 0.5, 4*u), randInput(11, -1, 1, batch, 2*u))
}

// The second derivative is reported, not silently wrong.
func TestLSTMCellSecondOrderIsAnError(t *testing.T) {
	g := New()
	z := g.Variable("z", randInput(1, -1, 1, 2, 8))
	s := LSTMCell(z, g.Const(randInput(2, -1, 1, 2, 4)))
	Gradients(Sum(Gradients(s, z)[0], nil, false), z)
	if err := g.Err(); err == nil || !contains2(err.Error(), "LSTMCell", "not implemented") {
		t.Fatalf("error %v, want one naming LSTMCell and saying not implemented", err)
	}
}

// The gradient of z runs as one LSTMCellGradZ step, bit for bit the
// LSTMCellGradGates and LSTMCellGatesGrad steps it replaces, on a width
// of two blocks of units.
func TestLSTMCellGradZMatchesTwoSteps(t *testing.T) {
	const batch, units = 3, rnnBlock + 5
	g := New()
	rng := tensor.NewRNG(11)
	z := g.Variable("z", rng.Uniform(tensor.Float32, -3, 3, batch, 4*units))
	prev := g.Variable("s", rng.Uniform(tensor.Float32, -2, 2, batch, 2*units))
	s := LSTMCell(z, prev)
	w := g.Const(rng.Uniform(tensor.Float32, -1, 1, batch, 2*units))
	dz := Gradients(Sum(Mul(s, w), nil, false), z)[0]
	gates := s.inputs[0]
	da := g.AddNode(lstmCellGradOp{part: lstmGradGates}, "", gates, prev, s, w)
	want := g.AddNode(lstmGatesGradOp{}, "", gates, da)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if dz.Op().Type() != "LSTMCellGradZ" {
		t.Fatalf("the gradient of z is %s, want LSTMCellGradZ", dz.Op().Type())
	}
	out, err := NewSession(g).Run(nil, dz, want)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range out[0].Float32s() {
		if v != out[1].Float32s()[i] {
			t.Fatalf("dz[%d] = %g, the two steps give %g", i, v, out[1].Float32s()[i])
		}
	}
}
