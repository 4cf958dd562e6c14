package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// lstmSeqStates builds LSTMSequence over time-major x (steps, batch, n)
// with kernel w, recurrent kernel uw, bias b and initial state s0 (nil:
// zeros), and returns the states (steps, batch, 2u), read as the layers
// read them.
func lstmSeqStates(x, w, uw, b, s0 *Node, steps, n, u int) *Node {
	return Slice(LSTMSequence(Reshape(x, -1, n), w, uw, b, s0, steps), 0, 0, steps)
}

// Two steps with pinned weights against Keras's equations computed plainly
// in float64 (refLSTMCell), with and without an initial state, in both
// float dtypes.
func TestLSTMSequenceKnownValues(t *testing.T) {
	const steps, rows, n, u = 2, 2, 3, 2
	x, w := pinned(0.3, 1, steps, rows, n), pinned(0.2, 2, n, 4*u)
	hp, uw := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, 4*u)
	b, cp := pinned(0.1, 5, 4*u), pinned(0.4, 6, rows, u)
	for _, initial := range []bool{false, true} {
		h, c := make([]float64, rows*u), make([]float64, rows*u)
		if initial {
			h, c = hp.Float64s(), cp.Float64s()
		}
		var want []float64
		for s := 0; s < steps; s++ {
			xs := x.Float64s()[s*rows*n : (s+1)*rows*n]
			z := refDense(xs, w.Float64s(), n, h, uw.Float64s(), u, b.Float64s(), rows, 4*u)
			h, c = refLSTMCell(z, c, rows, u)
			want = append(want, lstmPacked(h, c, rows, u)...)
		}
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			g := New()
			k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
			var s0 *Node
			if initial {
				s0 = Concat(1, k(hp), k(cp))
			}
			tol := 1e-13
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			got := runNode(t, lstmSeqStates(k(x), k(w), k(uw), k(b), s0, steps, n, u))
			expectClose(t, "LSTMSequence "+dt.String(), got, want, tol)
		}
	}
}

// On a batch of more than one block and with more units
// than one block of the cell kernels, every state equals the one the
// unrolled LSTMCell nodes compute.
func TestLSTMSequenceMatchesCells(t *testing.T) {
	const steps, batch, n, u = 6, seqBlockRows + 5, 5, rnnBlock + 3
	x, w := randInput(1, -1, 1, steps, batch, n), randInput(2, -0.3, 0.3, n, 4*u)
	uw, b := randInput(3, -0.3, 0.3, u, 4*u), randInput(4, -0.5, 0.5, 4*u)
	s0 := randInput(5, -1, 1, batch, 2*u)
	for _, initial := range []bool{false, true} {
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			g := New()
			k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
			var init *Node
			ref := ZerosLike(k(s0))
			if initial {
				init, ref = k(s0), k(s0)
			}
			seq := lstmSeqStates(k(x), k(w), k(uw), k(b), init, steps, n, u)
			var cells []*Node
			s := ref
			for st := 0; st < steps; st++ {
				xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
				s = LSTMCell(Add(Add(MatMul(xt, k(w)), MatMul(Slice(s, 1, 0, u), k(uw))), k(b)), s)
				cells = append(cells, Reshape(s, 1, batch, 2*u))
			}
			want := runNode(t, Concat(0, cells...))
			tol := 1e-12
			if dt == tensor.Float32 {
				tol = 2e-5
			}
			expectClose(t, "LSTMSequence vs LSTMCell "+dt.String(), runNode(t, seq), tensor.Cast(want, tensor.Float64).Float64s(), tol)
		}
	}
}

// Backpropagation through time in float64 against finite differences:
// through the states as the layers read them, with respect to the data,
// every weight and the initial state, on a batch cut between cores.
func TestLSTMSequenceGradients(t *testing.T) {
	const steps, n, u = 4, 3, 2
	for _, batch := range []int{2, seqBlockRows + 3} {
		checkGradients(t, func(xs ...*Node) *Node {
			return lstmSeqStates(xs[0], xs[1], xs[2], xs[3], xs[4], steps, n, u)
		},
			randInput(7, -1, 1, steps, batch, n), randInput(8, -1, 1, n, 4*u), randInput(9, -1, 1, u, 4*u),
			randInput(10, -0.5, 0.5, 4*u), randInput(11, -1, 1, batch, 2*u))
		checkGradients(t, func(xs ...*Node) *Node {
			return lstmSeqStates(xs[0], xs[1], xs[2], xs[3], nil, steps, n, u)
		},
			randInput(12, -1, 1, steps, batch, n), randInput(13, -1, 1, n, 4*u), randInput(14, -1, 1, u, 4*u),
			randInput(15, -0.5, 0.5, 4*u))
	}
}

// The gates' part of the output has a gradient too, for a graph that
// reads it: the whole output, differentiated (with and without a bias
// and an initial state).
func TestLSTMSequenceGradientsThroughGates(t *testing.T) {
	const steps, batch, n, u = 3, 2, 3, 2
	for _, initial := range []bool{false, true} {
		checkGradients(t, func(xs ...*Node) *Node {
			var b, s0 *Node
			if initial {
				b, s0 = xs[3], xs[4]
			}
			return LSTMSequence(Reshape(xs[0], -1, n), xs[1], xs[2], b, s0, steps)
		},
			randInput(16, -1, 1, steps, batch, n), randInput(17, -1, 1, n, 4*u), randInput(18, -1, 1, u, 4*u),
			randInput(25, -0.5, 0.5, 4*u), randInput(19, -1, 1, batch, 2*u))
	}
}

// The last state alone, as an LSTM layer without ReturnSequences reads
// it: the loop starts from a zero gradient for the later steps' states.
func TestLSTMSequenceLastStateGradients(t *testing.T) {
	const steps, batch, n, u = 4, 3, 3, 2
	checkGradients(t, func(xs ...*Node) *Node {
		return Slice(LSTMSequence(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], steps), 0, steps-2, steps-1)
	},
		randInput(26, -1, 1, steps, batch, n), randInput(27, -1, 1, n, 4*u), randInput(28, -1, 1, u, 4*u),
		randInput(29, -0.5, 0.5, 4*u), randInput(30, -1, 1, batch, 2*u))
}

// One step is the whole sequence: no recurrent product, the initial state
// alone feeds U's gradient.
func TestLSTMSequenceOneStepGradients(t *testing.T) {
	const n, u = 3, 2
	checkGradients(t, func(xs ...*Node) *Node {
		return lstmSeqStates(xs[0], xs[1], xs[2], xs[3], xs[4], 1, n, u)
	},
		randInput(20, -1, 1, 1, 3, n), randInput(21, -1, 1, n, 4*u), randInput(22, -1, 1, u, 4*u),
		randInput(23, -0.5, 0.5, 4*u), randInput(24, -1, 1, 3, 2*u))
}

// Shape mistakes are build errors that name the shapes.
func TestLSTMSequenceShapeErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		x, w, u tensor.Shape
		b, s0   tensor.Shape
		steps   int
		expect  string
	}{
		{"rows not a multiple of steps", tensor.Shape{7, 3}, tensor.Shape{3, 8}, tensor.Shape{2, 8}, nil, nil, 2, "not a multiple"},
		{"U not (units, 4·units)", tensor.Shape{4, 3}, tensor.Shape{3, 8}, tensor.Shape{2, 6}, nil, nil, 2, "U must have shape"},
		{"W rows", tensor.Shape{4, 3}, tensor.Shape{4, 8}, tensor.Shape{2, 8}, nil, nil, 2, "W must have shape (3, 8)"},
		{"bias", tensor.Shape{4, 3}, tensor.Shape{3, 8}, tensor.Shape{2, 8}, tensor.Shape{6}, nil, 2, "bias must have shape (8,)"},
		{"no steps", tensor.Shape{4, 3}, tensor.Shape{3, 8}, tensor.Shape{2, 8}, nil, nil, 0, "at least one time step"},
		{"initial state", tensor.Shape{4, 3}, tensor.Shape{3, 8}, tensor.Shape{2, 8}, nil, tensor.Shape{2, 3}, 2, "initial state must have shape (2, 4)"},
	} {
		g := New()
		k := func(s tensor.Shape) *Node {
			if s == nil {
				return nil
			}
			return g.Const(tensor.New(tensor.Float32, s...))
		}
		LSTMSequence(k(c.x), k(c.w), k(c.u), k(c.b), k(c.s0), c.steps)
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.expect) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.expect)
		}
	}
}

// The output and every gradient are bit for bit the same with one core as
// with all: the blocks of rows depend on the batch alone.
func TestLSTMSequenceSameAtAnyWidth(t *testing.T) {
	const steps, batch, n, u = 5, 2*seqBlockRows + 7, 4, 20
	g := New()
	x := g.Variable("x", randInput(31, -1, 1, steps*batch, n))
	w := g.Variable("w", randInput(32, -0.5, 0.5, n, 4*u))
	uw := g.Variable("u", randInput(33, -0.5, 0.5, u, 4*u))
	b := g.Variable("b", randInput(34, -0.5, 0.5, 4*u))
	s0 := g.Variable("s0", randInput(35, -1, 1, batch, 2*u))
	y := LSTMSequence(x, w, uw, b, s0, steps)
	loss := Sum(Mul(Slice(y, 0, 0, steps), g.Const(randInput(36, -1, 1, steps, batch, 2*u))), nil, false)
	expectSameAtAnyWidth(t, "LSTMSequence", append([]*Node{y}, Gradients(loss, x, w, uw, b, s0)...)...)
}
