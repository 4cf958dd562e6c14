package graph

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// expectSameAtAnyWidth runs fetch in one session with the pool at its
// full width, then at GOMAXPROCS 1, and fails unless every value is bit
// for bit the same: a sequence op's blocks of rows depend on the batch
// alone (seqBlockRows), never on the number of cores.
func expectSameAtAnyWidth(t *testing.T, what string, fetch ...*Node) {
	t.Helper()
	run := func() []*tensor.Tensor {
		out, err := NewSession(fetch[0].Graph()).Run(nil, fetch...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	wide := run()
	prev := runtime.GOMAXPROCS(1)
	for range 2048 { // Workers reads GOMAXPROCS again every 1024 calls
		parallel.Workers()
	}
	narrow := run()
	runtime.GOMAXPROCS(prev)
	for range 2048 {
		parallel.Workers()
	}
	for i := range wide {
		a, c := wide[i].Float64s(), narrow[i].Float64s()
		for j := range a {
			if math.Float64bits(a[j]) != math.Float64bits(c[j]) {
				t.Fatalf("%s, fetch %d, element %d: %v with all cores, %v with one", what, i, j, a[j], c[j])
			}
		}
	}
}

// recurrentMask returns a (batch, units) recurrent dropout mask of zeros
// and 2s, as Dropout(OnesLike(h), 0.5) draws them, as a float64 tensor.
func recurrentMask(seed uint64, batch, units int) *tensor.Tensor {
	m := randInput(seed, 0, 1, batch, units)
	for i, v := range m.Float64s() {
		m.Float64s()[i] = 0
		if v > 0.5 {
			m.Float64s()[i] = 2
		}
	}
	return m
}

// With a recurrent dropout mask, LSTMSequence and SimpleRNNSequence equal
// the unrolled cells whose recurrent product reads h times the mask, and
// their gradients are those of finite differences (with respect to
// everything but the mask), on one block and on two.
func TestSequenceRecurrentDropout(t *testing.T) {
	const steps, n, u = 4, 3, 5
	for _, batch := range []int{3, seqBlockRows + 2} {
		x, s0 := randInput(70, -1, 1, steps, batch, n), randInput(71, -1, 1, batch, 2*u)
		w4, u4, b4 := randInput(72, -0.5, 0.5, n, 4*u), randInput(73, -0.5, 0.5, u, 4*u), randInput(74, -0.5, 0.5, 4*u)
		w1, u1, b1 := randInput(75, -0.5, 0.5, n, u), randInput(76, -0.5, 0.5, u, u), randInput(77, -0.5, 0.5, u)
		m := recurrentMask(78, batch, u)
		g := New()
		k := g.Const
		seq := Slice(LSTMSequenceRecurrentDropout(Reshape(k(x), -1, n), k(w4), k(u4), k(b4), k(s0), k(m), steps), 0, 0, steps)
		s := k(s0)
		h1 := Slice(k(s0), 1, 0, u)
		simple := SimpleRNNSequenceRecurrentDropout(Reshape(k(x), -1, n), k(w1), k(u1), k(b1), h1, k(m), steps)
		var cells, hs []*Node
		for st := 0; st < steps; st++ {
			xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
			s = LSTMCell(Add(Add(MatMul(xt, k(w4)), MatMul(Mul(Slice(s, 1, 0, u), k(m)), k(u4))), k(b4)), s)
			cells = append(cells, Reshape(s, 1, batch, 2*u))
			h1 = Tanh(Add(Add(MatMul(xt, k(w1)), MatMul(Mul(h1, k(m)), k(u1))), k(b1)))
			hs = append(hs, Reshape(h1, 1, batch, u))
		}
		expectClose(t, "LSTMSequence with a recurrent mask", runNode(t, seq), runNode(t, Concat(0, cells...)).Float64s(), 1e-12)
		expectClose(t, "SimpleRNNSequence with a recurrent mask", runNode(t, simple), runNode(t, Concat(0, hs...)).Float64s(), 1e-12)
		checkGradients(t, func(xs ...*Node) *Node {
			return Slice(LSTMSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], xs[0].Graph().Const(m), steps), 0, 0, steps)
		}, x, w4, u4, b4, s0)
		checkGradients(t, func(xs ...*Node) *Node {
			return SimpleRNNSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], xs[0].Graph().Const(m), steps)
		}, x, w1, u1, b1, tensor.Slice(s0, 1, 0, u))
		checkGradients(t, func(xs ...*Node) *Node { // zero initial state, last state only
			return Slice(LSTMSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], nil, nil, xs[0].Graph().Const(m), steps), 0, steps-1, steps)
		}, x, w4, u4)
	}
}

// With a recurrent dropout mask, GRUSequence equals, in both modes, the
// unrolled GRUCell or GRUResetHidden and GRUCellResetBefore nodes whose
// recurrent products read h times the mask and whose mix reads h itself,
// and its gradients are those of finite differences (with respect to
// everything but the mask): with and without a bias and an initial state,
// of the last state alone and of the whole output, on one block and on
// two.
func TestGRUSequenceRecurrentDropout(t *testing.T) {
	const steps, n, u = 4, 3, 5
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		for _, batch := range []int{3, seqBlockRows + 2} {
			x, h0 := randInput(80, -1, 1, steps, batch, n), randInput(81, -1, 1, batch, u)
			w, uw := randInput(82, -0.5, 0.5, n, 3*u), randInput(83, -0.5, 0.5, u, 3*u)
			bi, br, b := randInput(84, -0.5, 0.5, 3*u), randInput(85, -0.5, 0.5, 3*u), randInput(86, -0.5, 0.5, bshape...)
			m := recurrentMask(87, batch, u)
			name := fmt.Sprintf("GRUSequence with a recurrent mask, %s, batch %d", gruMode(after), batch)
			for _, initial := range []bool{false, true} {
				g := New()
				k := g.Const
				var init *Node
				h := ZerosLike(k(h0))
				if initial {
					init, h = k(h0), k(h0)
				}
				bRec := k(br)
				if !after {
					bRec = nil
				}
				seq := Slice(GRUSequenceRecurrentDropout(Reshape(k(x), -1, n), k(w), k(uw), gruSeqBias(after, k(bi), k(br)), init, k(m), steps, after), 0, 0, steps)
				var cells []*Node
				for st := 0; st < steps; st++ {
					xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
					h = gruStepIn(after, xt, k(w), k(uw), k(bi), bRec, h, Mul(h, k(m)), u)
					cells = append(cells, Reshape(h, 1, batch, u))
				}
				expectClose(t, fmt.Sprintf("%s, initial %v", name, initial), runNode(t, seq), runNode(t, Concat(0, cells...)).Float64s(), 1e-12)
			}
			checkGradients(t, func(xs ...*Node) *Node {
				return Slice(GRUSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], xs[0].Graph().Const(m), steps, after), 0, 0, steps)
			}, x, w, uw, b, h0)
			checkGradients(t, func(xs ...*Node) *Node { // no bias, zero initial state
				return Slice(GRUSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], nil, nil, xs[0].Graph().Const(m), steps, after), 0, 0, steps)
			}, x, w, uw)
			checkGradients(t, func(xs ...*Node) *Node { // zero initial state, last state only
				return Slice(GRUSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], nil, xs[0].Graph().Const(m), steps, after), 0, steps-1, steps)
			}, x, w, uw, b)
			checkGradients(t, func(xs ...*Node) *Node { // the whole output, gates and r·(h⊙mask) included
				return GRUSequenceRecurrentDropout(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], xs[0].Graph().Const(m), steps, after)
			}, x, w, uw, b, h0)
		}
	}
}

// A recurrent mask of the wrong shape is a build error that names
// GRUSequence and the shapes.
func TestGRUSequenceRecurrentMaskShape(t *testing.T) {
	g := New()
	k := func(s ...int) *Node { return g.Const(tensor.New(tensor.Float32, s...)) }
	GRUSequenceRecurrentDropout(k(4, 3), k(3, 6), k(2, 6), nil, k(2, 2), k(2, 3), 2, true)
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUSequence", "recurrent mask must have shape (2, 2), got (2, 3)") {
		t.Fatalf("error %v, want one naming GRUSequence and the recurrent mask's shapes", err)
	}
}

// stepMask returns a time-major (steps, batch) mask of 0s and 1s whose
// first sample skips its first step and its last sample skips every
// other step, the others drawn at random.
func stepMask(seed uint64, steps, batch int) *tensor.Tensor {
	m := randInput(seed, 0, 1, steps, batch)
	d := m.Float64s()
	for i, v := range d {
		d[i] = 0
		if v > 0.3 {
			d[i] = 1
		}
	}
	d[0] = 0
	for t := 0; t < steps; t += 2 {
		d[t*batch+batch-1] = 0
	}
	return m
}

// With a mask of the steps, LSTMSequenceMasked keeps a sample's state
// through its skipped steps, as the unrolled cells blended by the mask
// do; its gradients (with respect to everything but the masks) are those
// of finite differences, with and without an initial state and a
// recurrent mask, on one block and on two; a mask that is not 0 or 1 is
// a Run error.
func TestLSTMSequenceMasked(t *testing.T) {
	const steps, n, u = 5, 3, 4
	for _, batch := range []int{3, seqBlockRows + 2} {
		x, s0 := randInput(80, -1, 1, steps, batch, n), randInput(81, -1, 1, batch, 2*u)
		w, uw, b := randInput(82, -0.5, 0.5, n, 4*u), randInput(83, -0.5, 0.5, u, 4*u), randInput(84, -0.5, 0.5, 4*u)
		m, hm := stepMask(85, steps, batch), recurrentMask(86, batch, u)
		for _, initial := range []bool{false, true} {
			g := New()
			k := g.Const
			var init *Node
			s := ZerosLike(k(s0))
			if initial {
				init, s = k(s0), k(s0)
			}
			seq := Slice(LSTMSequenceMasked(Reshape(k(x), -1, n), k(w), k(uw), k(b), init, k(hm), k(m), steps), 0, 0, steps)
			var cells []*Node
			for st := 0; st < steps; st++ {
				xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
				next := LSTMCell(Add(Add(MatMul(xt, k(w)), MatMul(Mul(Slice(s, 1, 0, u), k(hm)), k(uw))), k(b)), s)
				mt := Reshape(Slice(k(m), 0, st, st+1), batch, 1)
				s = Add(s, Mul(mt, Sub(next, s)))
				cells = append(cells, Reshape(s, 1, batch, 2*u))
			}
			expectClose(t, "LSTMSequenceMasked", runNode(t, seq), runNode(t, Concat(0, cells...)).Float64s(), 1e-12)
		}
		checkGradients(t, func(xs ...*Node) *Node {
			c := xs[0].Graph().Const
			return Slice(LSTMSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], c(hm), c(m), steps), 0, 0, steps)
		}, x, w, uw, b, s0)
		checkGradients(t, func(xs ...*Node) *Node { // zero initial state, no recurrent mask, last state only
			return Slice(LSTMSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], nil, nil, xs[0].Graph().Const(m), steps), 0, steps-1, steps)
		}, x, w, uw, b)
	}
	g := New()
	bad := tensor.FromSlice([]float64{1, 0.5, 1, 1}, 2, 2)
	y := LSTMSequenceMasked(g.Const(randInput(87, -1, 1, 4, 3)), g.Const(randInput(88, -1, 1, 3, 4)),
		g.Const(randInput(89, -1, 1, 1, 4)), nil, nil, nil, g.Const(bad), 2)
	if _, err := NewSession(g).Run(nil, y); err == nil || !strings.Contains(err.Error(), "only 0 and 1") {
		t.Errorf("a mask of 0.5: got error %v, want one saying the mask holds only 0 and 1", err)
	}
}

// With a mask of the steps, GRUSequenceMasked keeps, in both modes, a
// sample's state through its skipped steps, as the unrolled GRUCell or
// GRUResetHidden and GRUCellResetBefore nodes blended by the mask do; its
// gradients (with respect to everything but the masks) are those of
// finite differences, with and without an initial state and a recurrent
// mask, of the states, of the last state alone and of the whole output,
// on one block and on two; a mask that is not 0 or 1 is a Run error, one
// of the wrong shape a build error.
func TestGRUSequenceMasked(t *testing.T) {
	const steps, n, u = 5, 3, 4
	for _, after := range []bool{true, false} {
		bshape := []int{3 * u}
		if after {
			bshape = []int{2, 3 * u}
		}
		for _, batch := range []int{3, seqBlockRows + 2} {
			x, h0 := randInput(90, -1, 1, steps, batch, n), randInput(91, -1, 1, batch, u)
			w, uw := randInput(92, -0.5, 0.5, n, 3*u), randInput(93, -0.5, 0.5, u, 3*u)
			bi, br, b := randInput(94, -0.5, 0.5, 3*u), randInput(95, -0.5, 0.5, 3*u), randInput(96, -0.5, 0.5, bshape...)
			m, hm := stepMask(97, steps, batch), recurrentMask(98, batch, u)
			name := fmt.Sprintf("GRUSequenceMasked, %s, batch %d", gruMode(after), batch)
			for _, c := range []struct{ initial, recMask bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
				g := New()
				k := g.Const
				var init, rm *Node
				h := ZerosLike(k(h0))
				if c.initial {
					init, h = k(h0), k(h0)
				}
				if c.recMask {
					rm = k(hm)
				}
				bRec := k(br)
				if !after {
					bRec = nil
				}
				seq := Slice(GRUSequenceMasked(Reshape(k(x), -1, n), k(w), k(uw), gruSeqBias(after, k(bi), k(br)), init, rm, k(m), steps, after), 0, 0, steps)
				var cells []*Node
				for st := 0; st < steps; st++ {
					xt := Reshape(Slice(k(x), 0, st, st+1), batch, n)
					hIn := h
					if c.recMask {
						hIn = Mul(h, rm)
					}
					next := gruStepIn(after, xt, k(w), k(uw), k(bi), bRec, h, hIn, u)
					mt := Reshape(Slice(k(m), 0, st, st+1), batch, 1)
					h = Add(h, Mul(mt, Sub(next, h)))
					cells = append(cells, Reshape(h, 1, batch, u))
				}
				expectClose(t, fmt.Sprintf("%s, initial %v, recurrent mask %v", name, c.initial, c.recMask), runNode(t, seq), runNode(t, Concat(0, cells...)).Float64s(), 1e-12)
			}
			checkGradients(t, func(xs ...*Node) *Node {
				c := xs[0].Graph().Const
				return Slice(GRUSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], c(hm), c(m), steps, after), 0, 0, steps)
			}, x, w, uw, b, h0)
			checkGradients(t, func(xs ...*Node) *Node { // zero initial state, no recurrent mask, last state only
				return Slice(GRUSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], nil, nil, xs[0].Graph().Const(m), steps, after), 0, steps-1, steps)
			}, x, w, uw, b)
			checkGradients(t, func(xs ...*Node) *Node { // the whole output: the gates and rec_h of skipped steps too
				c := xs[0].Graph().Const
				return GRUSequenceMasked(Reshape(xs[0], -1, n), xs[1], xs[2], xs[3], xs[4], c(hm), c(m), steps, after)
			}, x, w, uw, b, h0)
		}
	}
	g := New()
	bad := tensor.FromSlice([]float64{1, 0.5, 1, 1}, 2, 2)
	y := GRUSequenceMasked(g.Const(randInput(99, -1, 1, 4, 3)), g.Const(randInput(100, -1, 1, 3, 6)),
		g.Const(randInput(101, -1, 1, 2, 6)), nil, nil, nil, g.Const(bad), 2, true)
	if _, err := NewSession(g).Run(nil, y); err == nil || !contains2(err.Error(), "GRUSequence", "only 0 and 1") {
		t.Errorf("a mask of 0.5: got error %v, want one naming GRUSequence and saying the mask holds only 0 and 1", err)
	}
	g = New()
	k := func(s ...int) *Node { return g.Const(tensor.New(tensor.Float64, s...)) }
	GRUSequenceMasked(k(4, 3), k(3, 6), k(2, 6), nil, nil, nil, k(3, 2), 2, true)
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUSequence", "mask of the steps must have shape (2, 2), got (3, 2)") {
		t.Errorf("a mask of the wrong shape: got error %v, want one naming GRUSequence and the shapes", err)
	}
}
