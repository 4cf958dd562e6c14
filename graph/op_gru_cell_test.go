package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// refGRUCell applies Keras's GRU cell equations (gate order z, r, h) to
// the data x (rows×n) and h_prev (rows×u) with kernel w (n×3u), recurrent
// kernel uw (u×3u), input bias bi and recurrent bias br (3u each; br is
// ignored unless resetAfter, as in Keras).
func refGRUCell(resetAfter bool, x, w []float64, n int, hp, uw, bi, br []float64, rows, u int) []float64 {
	xp := refDense(x, w, n, nil, nil, 0, bi, rows, 3*u)
	inner := func(v []float64, col int) float64 { // (v·U)[col]
		s := 0.0
		for k := 0; k < u; k++ {
			s += v[k] * uw[k*3*u+col]
		}
		return s
	}
	h := make([]float64, rows*u)
	for r := 0; r < rows; r++ {
		hr, xr := hp[r*u:(r+1)*u], xp[r*3*u:(r+1)*3*u]
		rh := make([]float64, u) // reset_after=False: r·h_prev
		for k := range rh {
			rh[k] = refSigmoid(xr[u+k]+inner(hr, u+k)) * hr[k]
		}
		for j := 0; j < u; j++ {
			var z, hh float64
			if resetAfter {
				z = refSigmoid(xr[j] + inner(hr, j) + br[j])
				rg := refSigmoid(xr[u+j] + inner(hr, u+j) + br[u+j])
				hh = math.Tanh(xr[2*u+j] + rg*(inner(hr, 2*u+j)+br[2*u+j]))
			} else {
				z = refSigmoid(xr[j] + inner(hr, j))
				hh = math.Tanh(xr[2*u+j] + inner(rh, 2*u+j))
			}
			h[r*u+j] = z*hr[j] + (1-z)*hh
		}
	}
	return h
}

// gruStep builds one GRU step of the given mode from nodes: data x, kernel
// w, recurrent kernel uw, input bias bi, recurrent bias br (used only with
// resetAfter) and hPrev.
func gruStep(resetAfter bool, x, w, uw, bi, br, hp *Node, u int) *Node {
	return gruStepIn(resetAfter, x, w, uw, bi, br, hp, hp, u)
}

// gruStepIn is gruStep whose recurrent products read hIn (h times the
// recurrent dropout mask, as the layers' unrolled cells build it) and
// whose mix reads hp.
func gruStepIn(resetAfter bool, x, w, uw, bi, br, hp, hIn *Node, u int) *Node {
	xp := Add(MatMul(x, w), bi)
	if resetAfter {
		return GRUCell(xp, Add(MatMul(hIn, uw), br), hp)
	}
	rzr := MatMul(hIn, Slice(uw, 1, 0, 2*u))
	rh := MatMul(GRUResetHidden(xp, rzr, hIn), Slice(uw, 1, 2*u, 3*u))
	return GRUCellResetBefore(xp, rzr, rh, hp)
}

// One GRU step with fixed weights, against Keras's equations computed
// plainly in float64, for both reset_after settings and both float dtypes.
func TestGRUCellKnownValues(t *testing.T) {
	const rows, n, u = 2, 3, 2
	x, w := pinned(0.3, 1, rows, n), pinned(0.2, 2, n, 3*u)
	hp, uw := pinned(0.25, 3, rows, u), pinned(0.15, 4, u, 3*u)
	bi, br := pinned(0.1, 5, 3*u), pinned(0.12, 6, 3*u)
	for _, after := range []bool{true, false} {
		want := refGRUCell(after, x.Float64s(), w.Float64s(), n, hp.Float64s(), uw.Float64s(), bi.Float64s(), br.Float64s(), rows, u)
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			g := New()
			k := func(v *tensor.Tensor) *Node { return g.Const(tensor.Cast(v, dt)) }
			h := gruStep(after, k(x), k(w), k(uw), k(bi), k(br), k(hp), u)
			tol := 1e-13
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			expectClose(t, h.Type()+" "+dt.String(), runNode(t, h), want, tol)
		}
	}
}

// Many rows and more units than one block: the parallel, blocked path.
func TestGRUCellLarge(t *testing.T) {
	const rows, n, u = 60, 5, 140
	x, w := randInput(1, -1, 1, rows, n), randInput(2, -0.5, 0.5, n, 3*u)
	hp, uw := randInput(3, -1, 1, rows, u), randInput(4, -0.2, 0.2, u, 3*u)
	bi, br := randInput(5, -1, 1, 3*u), randInput(6, -1, 1, 3*u)
	for _, after := range []bool{true, false} {
		want := refGRUCell(after, x.Float64s(), w.Float64s(), n, hp.Float64s(), uw.Float64s(), bi.Float64s(), br.Float64s(), rows, u)
		g := New()
		h := gruStep(after, g.Const(x), g.Const(w), g.Const(uw), g.Const(bi), g.Const(br), g.Const(hp), u)
		expectClose(t, h.Type(), runNode(t, h), want, 1e-12)
	}
}

func TestGRUCellShapeErrors(t *testing.T) {
	g := New()
	p := func(shape ...int) *Node { return g.Placeholder("p", tensor.Float32, shape...) }
	GRUCell(p(2, 6), p(2, 9), p(2, 2))
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUCell", "disagree on the number of units") {
		t.Errorf("error %v, want one naming GRUCell and the units", err)
	}
	g = New()
	GRUCellResetBefore(p(2, 6), p(2, 4), p(2, 2), p(3, 2))
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUCellResetBefore", "batch sizes") {
		t.Errorf("error %v, want one naming GRUCellResetBefore and the batch sizes", err)
	}
	g = New()
	GRUResetHidden(p(2, 7), p(2, 4), p(2, 2))
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUResetHidden", "multiple of 3") {
		t.Errorf("error %v, want one naming GRUResetHidden and the multiple", err)
	}
}

func TestGRUCellGradients(t *testing.T) {
	const rows, u = 3, 2
	checkGradients(t, func(xs ...*Node) *Node { return GRUCell(xs[0], xs[1], xs[2]) },
		randInput(1, -2, 2, rows, 3*u), randInput(2, -2, 2, rows, 3*u), randInput(3, -1, 1, rows, u))
	checkGradients(t, func(xs ...*Node) *Node { return GRUCellResetBefore(xs[0], xs[1], xs[2], xs[3]) },
		randInput(4, -2, 2, rows, 3*u), randInput(5, -2, 2, rows, 2*u), randInput(6, -2, 2, rows, u), randInput(7, -1, 1, rows, u))
	checkGradients(t, func(xs ...*Node) *Node { return GRUResetHidden(xs[0], xs[1], xs[2]) },
		randInput(8, -2, 2, rows, 3*u), randInput(9, -2, 2, rows, 2*u), randInput(10, -1, 1, rows, u))
	// more units than a block
	const big = rnnBlock + 6
	checkGradients(t, func(xs ...*Node) *Node { return GRUCell(xs[0], xs[1], xs[2]) },
		randInput(11, -2, 2, 2, 3*big), randInput(12, -2, 2, 2, 3*big), randInput(13, -1, 1, 2, big))
	// the nodes GRUCell and GRUCellResetBefore add, each on its own
	node := func(op Op) func(xs ...*Node) *Node {
		return func(xs ...*Node) *Node { return xs[0].g.AddNode(op, "", xs...) }
	}
	checkGradients(t, node(gruGatesOp{resetAfter: true}), randInput(14, -2, 2, rows, 3*u), randInput(15, -2, 2, rows, 3*u))
	checkGradients(t, node(gruGatesOp{}), randInput(16, -2, 2, rows, 3*u), randInput(17, -2, 2, rows, 2*u), randInput(18, -2, 2, rows, u))
	checkGradients(t, node(gruMixOp{k: 3}), randInput(19, -1, 1, rows, 3*u), randInput(20, -1, 1, rows, u))
	checkGradients(t, node(gruMixOp{k: 2}), randInput(21, -1, 1, rows, 2*u), randInput(22, -1, 1, rows, u))
}

// Backpropagation through time: 5-step GRU sequences of both modes built
// from MatMul, Add and the cell ops, differentiated with respect to the
// data, all weights and the initial state.
func TestGRUUnrolledGradients(t *testing.T) {
	const steps, batch, n, u = 5, 2, 3, 2
	for _, after := range []bool{true, false} {
		checkGradients(t, func(xs ...*Node) *Node {
			h := xs[6]
			for s := 0; s < steps; s++ {
				xt := Reshape(Slice(xs[0], 0, s, s+1), batch, n)
				h = gruStep(after, xt, xs[1], xs[2], xs[3], xs[4], h, u)
			}
			return Mul(h, xs[5]) // a trainable head, so the last step is not special
		},
			randInput(1, -1, 1, steps, batch, n), randInput(2, -1, 1, n, 3*u), randInput(3, -1, 1, u, 3*u),
			randInput(4, -0.5, 0.5, 3*u), randInput(5, -0.5, 0.5, 3*u), randInput(6, -1, 1, batch, u),
			randInput(7, -1, 1, batch, u))
	}
}

// The second derivative is reported, not silently wrong.
func TestGRUCellSecondOrderIsAnError(t *testing.T) {
	g := New()
	x := g.Variable("x", randInput(1, -1, 1, 2, 6))
	h := GRUCell(x, g.Const(randInput(2, -1, 1, 2, 6)), g.Const(randInput(3, -1, 1, 2, 2)))
	Gradients(Sum(Gradients(h, x)[0], nil, false), x)
	if err := g.Err(); err == nil || !contains2(err.Error(), "GRUCell", "not implemented") {
		t.Fatalf("error %v, want one naming GRUCell and saying not implemented", err)
	}
}
