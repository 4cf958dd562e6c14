package graph

import "github.com/neurite/neurite/tensor"

// applyLionOp is Keras's Lion update.
type applyLionOp struct{ beta1, beta2 float64 }

// ApplyLion updates variable w and its momentum slot m (a variable of w's
// shape, initially zero) by one step of Keras's Lion (EvoLved Sign
// Momentum), in a single pass over the elements:
//
//	w ← w − lr·sign(beta1·m + (1 − beta1)·grad)
//	m ← beta2·m + (1 − beta2)·grad
//
// with sign(0) = 0 (and sign(NaN) NaN). lr is a scalar of w's dtype, and every quantity is
// computed in w's dtype. Like [ApplySGD] the update runs after every other
// node of the Run and returns a scalar 0 with no gradient.
func ApplyLion(w, m, grad, lr *Node, beta1, beta2 float64) *Node {
	return addUpdate(applyLionOp{beta1: beta1, beta2: beta2}, w, m, grad, lr)
}

func (applyLionOp) Type() string   { return "ApplyLion" }
func (applyLionOp) Mutates() []int { return []int{0, 1} }
func (applyLionOp) inputNames() []string {
	return []string{"variable", "m", "gradient", "learning rate"}
}
func (applyLionOp) tensors() int { return 3 }

func (op applyLionOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyLionOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), lionTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), lionTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// lionTaskOf gathers the operands for dtype T (Keras casts the betas to
// the variable's dtype before computing 1 − beta).
func lionTaskOf[T tensor.Float](op applyLionOp, in []*tensor.Tensor) lionTask[T] {
	b1, b2 := T(op.beta1), T(op.beta2)
	return lionTask[T]{w: tensor.Data[T](in[0]), m: tensor.Data[T](in[1]), g: tensor.Data[T](in[2]),
		lr: scalarValue[T](in[3]), b1: b1, c1: 1 - b1, b2: b2, c2: 1 - b2}
}

// lionTask is Lion over a range of the variable.
type lionTask[T tensor.Float] struct {
	w, m, g            []T
	lr, b1, c1, b2, c2 T
}

// Run updates elements [lo, hi), a piece at a time (see weightPieces).
func (t *lionTask[T]) Run(lo, hi int) {
	var buf [streamPiece]T
	for p := piecesOf(buf[:], t.w, lo, hi); p.next(); {
		t.update(p.ws, p.lo, p.hi)
	}
}

// update updates w, standing for elements [lo, hi) of the variable, in
// the order of Keras's operations.
func (t *lionTask[T]) update(w []T, lo, hi int) {
	m, g := t.m[lo:hi], t.g[lo:hi]
	for i, gi := range g {
		mi := m[i]
		switch c := mi*t.b1 + gi*t.c1; {
		case c > 0:
			w[i] -= t.lr
		case c < 0:
			w[i] -= -t.lr
		case c != c: // NaN: sign(NaN) is NaN, as in Keras
			w[i] = c
		}
		m[i] = mi*t.b2 + gi*t.c2
	}
}

func (op applyLionOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
