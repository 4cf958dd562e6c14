package graph

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// gruSeqStates builds GRUSequence over time-major x (steps, batch, n)
// with kernel w, recurrent kernel uw, bias b (Keras's layout; nil: none)
// and initial state h0 (nil: zeros), and returns the states (steps,
// batch, u), read as the layers read them.
func gruSeqStates(after bool, x, w, uw, b, h0 *Node, steps, n int) *Node {
	return Slice(GRUSequence(Reshape(x, -1, n), w, uw, b, h0, steps, after), 0, 0, steps)
}

// gruSeqBias returns Keras's bias of a GRU from its input bias bi and
// recurrent bias br: (2, 3u) with reset after, bi alone without.
func gruSeqBias(after bool, bi, br *Node) *Node {
	if !after {
		return bi
	}
	return Concat(0, Reshape(bi, 1, -1), Reshape(br, 1, -1))
}

// gruMode names a reset_after setting in messages.
func gruMode(after bool) string {
	if after {
		return "reset after"
	}
	return "reset before"
}

// Two steps with pinned weights against Keras's equations computed plainly
// in float64 (refGRUCell), in both modes, with and without an initial
// state, in both float dtypes.
func TestGRUSequenceKnownValues(t *testing.T) {
	const steps, rows, n, u = 2, 2, 3, 2
	x, w := pinned(0.3, 1, steps, rows, n), pinned(0.2, 2, n, 3*u)
	hp, uw := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, 3*u)
	bi, br := pinned(0.1, 5, 3*u), pinned(0.12, 6, 3*u)
	for _, after := range []bool{true, false} {
		for _, initial := range []bool{false, true} {
			h := make([]float64, rows*u)
			if initial {
				h = hp.Float64s()
			}
			var want []float64
			for s := 0; s < steps; s++ {
				xs := x.Float64s()[s*rows*n : (s+1)*rows*n]
				h = refGRUCell(after, xs, w.Float64s(), n, h, uw.Float64s(), bi.Float64s(), br.Float64s(), rows, u)
				want = append(want, h...)
			}
			for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
				g := New()
				k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
				var h0 *Node
				if initial {
					h0 = k(hp)
				}
				tol := 1e-13
				if dt == tensor.Float32 {
					tol = 1e-6
				}
				got := runNode(t, gruSeqStates(after, k(x), k(w), k(uw), gruSeqBias(after, k(bi), k(br)), h0, steps, n))
				expectClose(t, fmt.Sprintf("GRUSequence %s, initial %v, %s", gruMode(after), initial, dt), got, want, tol)
			}
		}
	}
}

// The output's other parts hold what its doc says: the activated gates
// [z | r | hh] and rec_h (reset after) or r·h_{t-1} (reset before),
// computed plainly for one step from a nonzero initial state.
func TestGRUSequenceLayout(t *testing.T) {
	const rows, n, u = 2, 3, 2
	x, w := pinned(0.3, 1, rows, n), pinned(0.2, 2, n, 3*u)
	hp, uw := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, 3*u)
	bi, br := pinned(0.1, 5, 3*u), pinned(0.12, 6, 3*u)
	xp := refDense(x.Float64s(), w.Float64s(), n, nil, nil, 0, bi.Float64s(), rows, 3*u)
	rec := refDense(hp.Float64s(), uw.Float64s(), u, nil, nil, 0, br.Float64s(), rows, 3*u)
	recB := refDense(hp.Float64s(), uw.Float64s(), u, nil, nil, 0, nil, rows, 3*u) // no recurrent bias
	for _, after := range []bool{true, false} {
		gates, last := make([]float64, rows*3*u), make([]float64, rows*u)
		for r := 0; r < rows; r++ {
			for j := 0; j < u; j++ {
				x, h := xp[r*3*u:], hp.Float64s()[r*u:]
				if after {
					z, rg := refSigmoid(x[j]+rec[r*3*u+j]), refSigmoid(x[u+j]+rec[r*3*u+u+j])
					gates[r*3*u+j], gates[r*3*u+u+j] = z, rg
					gates[r*3*u+2*u+j] = math.Tanh(x[2*u+j] + rg*rec[r*3*u+2*u+j])
					last[r*u+j] = rec[r*3*u+2*u+j]
				} else {
					gates[r*3*u+j], gates[r*3*u+u+j] = refSigmoid(x[j]+recB[r*3*u+j]), refSigmoid(x[u+j]+recB[r*3*u+u+j])
					last[r*u+j] = gates[r*3*u+u+j] * h[j]
				}
			}
		}
		if !after { // hh needs every unit's r·h
			for r := 0; r < rows; r++ {
				for j := 0; j < u; j++ {
					s := xp[r*3*u+2*u+j]
					for k := 0; k < u; k++ {
						s += last[r*u+k] * uw.Float64s()[k*3*u+2*u+j]
					}
					gates[r*3*u+2*u+j] = math.Tanh(s)
				}
			}
		}
		want := append(refGRUCell(after, x.Float64s(), w.Float64s(), n, hp.Float64s(), uw.Float64s(), bi.Float64s(), br.Float64s(), rows, u), gates...)
		want = append(want, last...)
		g := New()
		y := GRUSequence(g.Const(x), g.Const(w), g.Const(uw), gruSeqBias(after, g.Const(bi), g.Const(br)), g.Const(hp), 1, after)
		expectClose(t, "GRUSequence's output, "+gruMode(after), runNode(t, y), want, 1e-13)
	}
}

// On a batch of more than one block and with more units than one block
// of the cell kernels, every state equals the one the unrolled GRUCell or
// GRUResetHidden and GRUCellResetBefore nodes compute.
func TestGRUSequenceMatchesCells(t *testing.T) {
	const steps, batch, n, u = 6, seqBlockRows + 5, 5, rnnBlock + 3
	x, w := randInput(1, -1, 1, steps, batch, n), randInput(2, -0.3, 0.3, n, 3*u)
	uw, bi, br := randInput(3, -0.3, 0.3, u, 3*u), randInput(4, -0.5, 0.5, 3*u), randInput(6, -0.5, 0.5, 3*u)
	h0 := randInput(5, -1, 1, batch, u)
	for _, after := range []bool{true, false} {
		for _, initial := range []bool{false, true} {
			for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
				g := New()
				k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
				var init *Node
				h := ZerosLike(k(h0))
				if initial {
					init, h = k(h0), k(h0)
				}
				bIn, bRec := k(bi), k(br)
				if !after {
					bRec = nil
				}
				seq := gruSeqStates(after, k(x), k(w), k(uw), gruSeqBias(after, k(bi), k(br)), init, steps, n)
				var cells []*Node
				for st := 0; st < steps; st++ {
					xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
					h = gruStep(after, xt, k(w), k(uw), bIn, bRec, h, u)
					cells = append(cells, Reshape(h, 1, batch, u))
				}
				want := runNode(t, Concat(0, cells...))
				tol := 1e-12
				if dt == tensor.Float32 {
					tol = 2e-5
				}
				expectClose(t, fmt.Sprintf("GRUSequence vs cells, %s, initial %v, %s", gruMode(after), initial, dt),
					runNode(t, seq), tensor.Cast(want, tensor.Float64).Float64s(), tol)
			}
		}
	}
}

// Backpropagation through time in float64 against finite differences:
// through the states as the layers read them, with respect to the data,
// every weight and the initial state, in both modes, with and without a
// bias and an initial state, on a batch cut into blocks.
func TestGRUSequenceGradients(t *testing.T) {
	const steps, n, u = 4, 3, 2
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		for _, batch := range []int{2, seqBlockRows + 3} {
			checkGradients(t, func(xs ...*Node) *Node {
				return gruSeqStates(after, xs[0], xs[1], xs[2], xs[3], xs[4], steps, n)
			},
				randInput(7, -1, 1, steps, batch, n), randInput(8, -1, 1, n, 3*u), randInput(9, -1, 1, u, 3*u),
				randInput(10, -0.5, 0.5, bshape...), randInput(11, -1, 1, batch, u))
			checkGradients(t, func(xs ...*Node) *Node {
				return gruSeqStates(after, xs[0], xs[1], xs[2], nil, nil, steps, n)
			},
				randInput(12, -1, 1, steps, batch, n), randInput(13, -1, 1, n, 3*u), randInput(14, -1, 1, u, 3*u))
		}
	}
}

// The rest of the output has a gradient too, for a graph that reads it:
// the whole output, differentiated (both modes, with and without a bias
// and an initial state).
func TestGRUSequenceGradientsThroughGates(t *testing.T) {
	const steps, batch, n, u = 3, 2, 3, 2
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		for _, extra := range []bool{false, true} {
			checkGradients(t, func(xs ...*Node) *Node {
				var b, h0 *Node
				if extra {
					b, h0 = xs[3], xs[4]
				}
				return GRUSequence(Reshape(xs[0], -1, n), xs[1], xs[2], b, h0, steps, after)
			},
				randInput(16, -1, 1, steps, batch, n), randInput(17, -1, 1, n, 3*u), randInput(18, -1, 1, u, 3*u),
				randInput(25, -0.5, 0.5, bshape...), randInput(19, -1, 1, batch, u))
		}
	}
}

// The last state alone, as a GRU layer without ReturnSequences reads it:
// the loop starts from a zero gradient for the later steps' states.
func TestGRUSequenceLastStateGradients(t *testing.T) {
	const steps, batch, n, u = 4, 3, 3, 2
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		checkGradients(t, func(xs ...*Node) *Node {
			return Slice(GRUSequence(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], steps, after), 0, steps-2, steps-1)
		},
			randInput(26, -1, 1, steps, batch, n), randInput(27, -1, 1, n, 3*u), randInput(28, -1, 1, u, 3*u),
			randInput(29, -0.5, 0.5, bshape...), randInput(30, -1, 1, batch, u))
	}
}

// One step is the whole sequence: no recurrent product but the initial
// state's, which alone feeds U's gradient.
func TestGRUSequenceOneStepGradients(t *testing.T) {
	const n, u = 3, 2
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		checkGradients(t, func(xs ...*Node) *Node {
			return gruSeqStates(after, xs[0], xs[1], xs[2], xs[3], xs[4], 1, n)
		},
			randInput(20, -1, 1, 1, 3, n), randInput(21, -1, 1, n, 3*u), randInput(22, -1, 1, u, 3*u),
			randInput(23, -0.5, 0.5, bshape...), randInput(24, -1, 1, 3, u))
		checkGradients(t, func(xs ...*Node) *Node {
			return gruSeqStates(after, xs[0], xs[1], xs[2], xs[3], nil, 1, n)
		},
			randInput(31, -1, 1, 1, 3, n), randInput(32, -1, 1, n, 3*u), randInput(33, -1, 1, u, 3*u),
			randInput(34, -0.5, 0.5, bshape...))
	}
}

// Shape mistakes are build errors that name the shapes.
func TestGRUSequenceShapeErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		after   bool
		x, w, u tensor.Shape
		b, h0   tensor.Shape
		steps   int
		expect  string
	}{
		{"rows not a multiple of steps", true, tensor.Shape{7, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 6}, nil, nil, 2, "not a multiple"},
		{"U not (units, 3·units)", true, tensor.Shape{4, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 8}, nil, nil, 2, "U must have shape"},
		{"W rows", false, tensor.Shape{4, 3}, tensor.Shape{4, 6}, tensor.Shape{2, 6}, nil, nil, 2, "W must have shape (3, 6)"},
		{"bias reset after", true, tensor.Shape{4, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 6}, tensor.Shape{6}, nil, 2, "bias must have shape (2, 6)"},
		{"bias reset before", false, tensor.Shape{4, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 6}, tensor.Shape{2, 6}, nil, 2, "bias must have shape (6,)"},
		{"no steps", true, tensor.Shape{4, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 6}, nil, nil, 0, "at least one time step"},
		{"initial state", false, tensor.Shape{4, 3}, tensor.Shape{3, 6}, tensor.Shape{2, 6}, nil, tensor.Shape{2, 3}, 2, "initial state must have shape (2, 2)"},
	} {
		g := New()
		k := func(s tensor.Shape) *Node {
			if s == nil {
				return nil
			}
			return g.Const(tensor.New(tensor.Float32, s...))
		}
		GRUSequence(k(c.x), k(c.w), k(c.u), k(c.b), k(c.h0), c.steps, c.after)
		if err := g.Err(); err == nil || !contains2(err.Error(), "GRUSequence", c.expect) {
			t.Errorf("%s: got error %v, want one naming GRUSequence and containing %q", c.name, err, c.expect)
		}
	}
}

// The output and every gradient are bit for bit the same with one core as
// with all, in both modes, with and without a recurrent mask and a mask of
// the steps: the blocks of rows depend on the batch alone.
func TestGRUSequenceSameAtAnyWidth(t *testing.T) {
	const steps, batch, n, u = 5, 2*seqBlockRows + 7, 4, 20
	for _, c := range []struct{ after, masked, steps bool }{
		{true, false, false}, {false, false, false}, {true, true, false}, {false, true, false}, {true, true, true}, {false, false, true},
	} {
		after := c.after
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		g := New()
		x := g.Variable("x", randInput(31, -1, 1, steps*batch, n))
		w := g.Variable("w", randInput(32, -0.5, 0.5, n, 3*u))
		uw := g.Variable("u", randInput(33, -0.5, 0.5, u, 3*u))
		b := g.Variable("b", randInput(34, -0.5, 0.5, bshape...))
		h0 := g.Variable("h0", randInput(35, -1, 1, batch, u))
		var hm, m *Node
		if c.masked {
			hm = g.Const(recurrentMask(37, batch, u))
		}
		if c.steps {
			m = g.Const(stepMask(38, steps, batch))
		}
		y := GRUSequenceMasked(x, w, uw, b, h0, hm, m, steps, after)
		loss := Sum(Mul(Slice(y, 0, 0, steps), g.Const(randInput(36, -1, 1, steps, batch, u))), nil, false)
		expectSameAtAnyWidth(t, fmt.Sprintf("%s, recurrent mask %v, mask of the steps %v", gruMode(after), c.masked, c.steps), append([]*Node{y}, Gradients(loss, x, w, uw, b, h0)...)...)
	}
}

// A steady-state training-style Run of GRUSequence and its gradients, in
// both modes, with a bias and an initial state, with and without a
// recurrent mask and a mask of the steps, allocates nothing.
func TestGRUSequenceAllocatesNothing(t *testing.T) {
	if fuseRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	const steps, batch, n, u = 8, 2 * seqBlockRows, 16, 32
	rng := tensor.NewRNG(5)
	for _, c := range []struct{ after, masked, steps bool }{
		{true, false, false}, {false, false, false}, {true, true, false}, {false, true, false}, {true, true, true}, {false, false, true},
	} {
		after := c.after
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		g := New()
		v := func(shape ...int) *Node { return g.Variable("v", rng.Normal(tensor.Float32, 0, 0.3, shape...)) }
		x, w, uw, b, h0 := v(steps*batch, n), v(n, 3*u), v(u, 3*u), v(bshape...), v(batch, u)
		var hm, m *Node
		if c.masked {
			hm = g.Const(tensor.Cast(recurrentMask(6, batch, u), tensor.Float32))
		}
		if c.steps {
			m = g.Const(tensor.Cast(stepMask(7, steps, batch), tensor.Float32))
		}
		y := GRUSequenceMasked(x, w, uw, b, h0, hm, m, steps, after)
		loss := Sum(Slice(y, 0, steps-1, steps), nil, false)
		fetches := append([]*Node{loss}, Gradients(loss, x, w, uw, b, h0)...)
		sess := NewSession(g)
		outs := make([]*tensor.Tensor, len(fetches))
		if err := sess.RunInto(nil, fetches, outs); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			if err := sess.RunInto(nil, fetches, outs); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Fatalf("%s, recurrent mask %v, mask of the steps %v: a steady-state Run of GRUSequence allocates %v times, want 0", gruMode(after), c.masked, c.steps, allocs)
		}
	}
}

// The second derivative is reported, not silently wrong.
func TestGRUSequenceSecondOrderIsAnError(t *testing.T) {
	g := New()
	x := g.Variable("x", randInput(1, -1, 1, 4, 3))
	y := GRUSequence(x, g.Const(randInput(2, -1, 1, 3, 6)), g.Const(randInput(3, -1, 1, 2, 6)), nil, nil, 2, true)
	Gradients(Sum(Gradients(Sum(y, nil, false), x)[0], nil, false), x)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "not implemented") {
		t.Fatalf("error %v, want one saying not implemented", err)
	}
}
