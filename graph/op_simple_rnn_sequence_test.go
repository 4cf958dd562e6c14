package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Two steps with pinned weights against h = tanh(x·W + h·U + b) computed
// plainly in float64, with and without an initial state, in both float
// dtypes.
func TestSimpleRNNSequenceKnownValues(t *testing.T) {
	const steps, rows, n, u = 2, 2, 3, 2
	x, w := pinned(0.3, 1, steps, rows, n), pinned(0.2, 2, n, u)
	hp, uw, b := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, u), pinned(0.1, 5, u)
	for _, initial := range []bool{false, true} {
		h := make([]float64, rows*u)
		if initial {
			h = hp.Float64s()
		}
		var want []float64
		for s := 0; s < steps; s++ {
			xs := x.Float64s()[s*rows*n : (s+1)*rows*n]
			z := refDense(xs, w.Float64s(), n, h, uw.Float64s(), u, b.Float64s(), rows, u)
			for i := range z {
				z[i] = math.Tanh(z[i])
			}
			h = z
			want = append(want, h...)
		}
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			g := New()
			k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
			var s0 *Node
			if initial {
				s0 = k(hp)
			}
			tol := 1e-14
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			got := runNode(t, SimpleRNNSequence(Reshape(k(x), -1, n), k(w), k(uw), k(b), s0, steps))
			expectClose(t, "SimpleRNNSequence "+dt.String(), got, want, tol)
		}
	}
}

// On a batch of more than one block, every state equals the one unrolled
// MatMul, Add and Tanh nodes compute.
func TestSimpleRNNSequenceMatchesUnrolled(t *testing.T) {
	const steps, batch, n, u = 6, seqBlockRows + 5, 5, 40
	x, w := randInput(41, -1, 1, steps, batch, n), randInput(42, -0.3, 0.3, n, u)
	uw, b, s0 := randInput(43, -0.3, 0.3, u, u), randInput(44, -0.5, 0.5, u), randInput(45, -1, 1, batch, u)
	for _, initial := range []bool{false, true} {
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			g := New()
			k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
			var init *Node
			h := ZerosLike(k(s0))
			if initial {
				init, h = k(s0), k(s0)
			}
			seq := SimpleRNNSequence(Reshape(k(x), -1, n), k(w), k(uw), k(b), init, steps)
			var hs []*Node
			for st := 0; st < steps; st++ {
				xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
				h = Tanh(Add(Add(MatMul(xt, k(w)), MatMul(h, k(uw))), k(b)))
				hs = append(hs, Reshape(h, 1, batch, u))
			}
			want := runNode(t, Concat(0, hs...))
			tol := 1e-12
			if dt == tensor.Float32 {
				tol = 2e-5
			}
			expectClose(t, "SimpleRNNSequence vs unrolled "+dt.String(), runNode(t, seq), tensor.Cast(want, tensor.Float64).Float64s(), tol)
		}
	}
}

// Backpropagation through time in float64 against finite differences,
// with respect to the data, every weight and the initial state, with and
// without the bias and the initial state, on one block and on two.
func TestSimpleRNNSequenceGradients(t *testing.T) {
	const steps, n, u = 4, 3, 2
	for _, batch := range []int{2, seqBlockRows + 3} {
		checkGradients(t, func(xs ...*Node) *Node {
			return SimpleRNNSequence(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], steps)
		},
			randInput(46, -1, 1, steps, batch, n), randInput(47, -1, 1, n, u), randInput(48, -1, 1, u, u),
			randInput(49, -0.5, 0.5, u), randInput(50, -1, 1, batch, u))
		checkGradients(t, func(xs ...*Node) *Node {
			return SimpleRNNSequence(Reshape(xs[0], -1, n), xs[1], xs[2], nil, nil, steps)
		},
			randInput(51, -1, 1, steps, batch, n), randInput(52, -1, 1, n, u), randInput(53, -1, 1, u, u))
	}
	// Some states alone, as a layer reads the last one: the loop starts
	// from zero gradients for the later steps.
	for _, sl := range [][2]int{{steps - 1, steps}, {1, steps - 1}} {
		checkGradients(t, func(xs ...*Node) *Node {
			return Slice(SimpleRNNSequence(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], steps), 0, sl[0], sl[1])
		},
			randInput(65, -1, 1, steps, 3, n), randInput(66, -1, 1, n, u), randInput(67, -1, 1, u, u),
			randInput(68, -0.5, 0.5, u), randInput(69, -1, 1, 3, u))
	}
	// One step: U's gradient comes from the initial state alone.
	checkGradients(t, func(xs ...*Node) *Node {
		return SimpleRNNSequence(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], 1)
	},
		randInput(54, -1, 1, 1, 3, n), randInput(55, -1, 1, n, u), randInput(56, -1, 1, u, u),
		randInput(57, -0.5, 0.5, u), randInput(58, -1, 1, 3, u))
}

// The output and every gradient are bit for bit the same with one core as
// with all.
func TestSimpleRNNSequenceSameAtAnyWidth(t *testing.T) {
	const steps, batch, n, u = 5, 2*seqBlockRows + 7, 4, 20
	g := New()
	x := g.Variable("x", randInput(59, -1, 1, steps*batch, n))
	w := g.Variable("w", randInput(60, -0.5, 0.5, n, u))
	uw := g.Variable("u", randInput(61, -0.5, 0.5, u, u))
	b := g.Variable("b", randInput(62, -0.5, 0.5, u))
	s0 := g.Variable("s0", randInput(63, -1, 1, batch, u))
	y := SimpleRNNSequence(x, w, uw, b, s0, steps)
	loss := Sum(Mul(y, g.Const(randInput(64, -1, 1, steps, batch, u))), nil, false)
	expectSameAtAnyWidth(t, "SimpleRNNSequence", append([]*Node{y}, Gradients(loss, x, w, uw, b, s0)...)...)
}

// Shape mistakes are build errors that name the shapes.
func TestSimpleRNNSequenceShapeErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		x, w, u tensor.Shape
		b, s0   tensor.Shape
		steps   int
		expect  string
	}{
		{"rows not a multiple of steps", tensor.Shape{7, 3}, tensor.Shape{3, 2}, tensor.Shape{2, 2}, nil, nil, 2, "not a multiple"},
		{"U not square", tensor.Shape{4, 3}, tensor.Shape{3, 2}, tensor.Shape{2, 3}, nil, nil, 2, "U must have shape"},
		{"W", tensor.Shape{4, 3}, tensor.Shape{4, 2}, tensor.Shape{2, 2}, nil, nil, 2, "W must have shape (3, 2)"},
		{"bias", tensor.Shape{4, 3}, tensor.Shape{3, 2}, tensor.Shape{2, 2}, tensor.Shape{3}, nil, 2, "bias must have shape (2,)"},
		{"no steps", tensor.Shape{4, 3}, tensor.Shape{3, 2}, tensor.Shape{2, 2}, nil, nil, 0, "at least one time step"},
		{"initial state", tensor.Shape{4, 3}, tensor.Shape{3, 2}, tensor.Shape{2, 2}, nil, tensor.Shape{2, 3}, 2, "initial state must have shape (2, 2)"},
	} {
		g := New()
		k := func(s tensor.Shape) *Node {
			if s == nil {
				return nil
			}
			return g.Const(tensor.New(tensor.Float32, s...))
		}
		SimpleRNNSequence(k(c.x), k(c.w), k(c.u), k(c.b), k(c.s0), c.steps)
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.expect) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.expect)
		}
	}
}

// With a mask of the steps, SimpleRNNSequenceMasked keeps a sample's h
// through its skipped steps, as unrolled steps blended by the mask do;
// its gradients (with respect to everything but the masks) are those of
// finite differences, with and without an initial state and a recurrent
// mask, on one block and on two; a mask that is not 0 or 1 is a Run
// error.
func TestSimpleRNNSequenceMasked(t *testing.T) {
	const steps, n, u = 5, 3, 4
	for _, batch := range []int{3, seqBlockRows + 2} {
		x, h0 := randInput(90, -1, 1, steps, batch, n), randInput(91, -1, 1, batch, u)
		w, uw, b := randInput(92, -0.5, 0.5, n, u), randInput(93, -0.5, 0.5, u, u), randInput(94, -0.5, 0.5, u)
		m, hm := stepMask(95, steps, batch), recurrentMask(96, batch, u)
		for _, initial := range []bool{false, true} {
			g := New()
			k := g.Const
			var init *Node
			h := ZerosLike(k(h0))
			if initial {
				init, h = k(h0), k(h0)
			}
			seq := SimpleRNNSequenceMasked(Reshape(k(x), -1, n), k(w), k(uw), k(b), init, k(hm), k(m), steps)
			var hs []*Node
			for st := 0; st < steps; st++ {
				xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
				next := Tanh(Add(Add(MatMul(xt, k(w)), MatMul(Mul(h, k(hm)), k(uw))), k(b)))
				h = Add(h, Mul(Reshape(Slice(k(m), 0, st, st+1), batch, 1), Sub(next, h)))
				hs = append(hs, Reshape(h, 1, batch, u))
			}
			expectClose(t, "SimpleRNNSequenceMasked", runNode(t, seq), runNode(t, Concat(0, hs...)).Float64s(), 1e-12)
		}
		checkGradients(t, func(xs ...*Node) *Node {
			c := xs[0].Graph().Const
			return SimpleRNNSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], c(hm), c(m), steps)
		}, x, w, uw, b, h0)
		checkGradients(t, func(xs ...*Node) *Node { // zero initial state, no recurrent mask, last state only
			return Slice(SimpleRNNSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], nil, nil, xs[0].Graph().Const(m), steps), 0, steps-1, steps)
		}, x, w, uw, b)
	}
	g := New()
	y := SimpleRNNSequenceMasked(g.Const(randInput(97, -1, 1, 4, 3)), g.Const(randInput(98, -1, 1, 3, 1)),
		g.Const(randInput(99, -1, 1, 1, 1)), nil, nil, nil, g.Const(tensor.FromSlice([]float64{1, 0.5, 1, 1}, 2, 2)), 2)
	if _, err := NewSession(g).Run(nil, y); err == nil || !strings.Contains(err.Error(), "only 0 and 1") {
		t.Errorf("a mask of 0.5: got error %v, want one saying the mask holds only 0 and 1", err)
	}
}
