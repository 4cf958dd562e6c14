package graph

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// applyFtrlOp is Keras's FTRL-Proximal update.
type applyFtrlOp struct {
	lrPower, l1, l2, l2Shrinkage, beta float64
}

// ApplyFtrl updates variable w and its slots accumulator (a variable of
// w's shape, initially Keras's initial_accumulator_value) and linear
// (initially zero) by one step of Keras's FTRL-Proximal, in a single pass
// over the elements. With p = −lrPower and l2' = l2 + beta/(2·lr):
//
//	g' = grad + 2·l2Shrinkage·w
//	a' = accumulator + grad²
//	linear ← linear + g' − (a'^p − accumulator^p)/lr · w
//	quadratic = a'^p/lr + 2·l2'
//	w ← (clip(linear, −l1, l1) − linear) / quadratic
//	accumulator ← a'
//
// lr is a scalar of w's dtype, and every quantity is computed in w's
// dtype. Like [ApplySGD] the update runs after every other node of the Run
// and returns a scalar 0 with no gradient.
func ApplyFtrl(w, accumulator, linear, grad, lr *Node, lrPower, l1, l2, l2Shrinkage, beta float64) *Node {
	op := applyFtrlOp{lrPower: lrPower, l1: l1, l2: l2, l2Shrinkage: l2Shrinkage, beta: beta}
	return addUpdate(op, w, accumulator, linear, grad, lr)
}

func (applyFtrlOp) Type() string   { return "ApplyFtrl" }
func (applyFtrlOp) Mutates() []int { return []int{0, 1, 2} }
func (applyFtrlOp) inputNames() []string {
	return []string{"variable", "accumulator", "linear", "gradient", "learning rate"}
}
func (applyFtrlOp) tensors() int { return 4 }

func (op applyFtrlOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferUpdate(op, d, s)
}

func (op applyFtrlOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch in[0].DType() {
	case tensor.Float32:
		runBlockedUpdate(in[0].Size(), ftrlTaskOf[float32](op, in))
	case tensor.Float64:
		runBlockedUpdate(in[0].Size(), ftrlTaskOf[float64](op, in))
	}
	out.Fill(0)
}

// ftrlTaskOf gathers the operands for dtype T.
func ftrlTaskOf[T tensor.Float](op applyFtrlOp, in []*tensor.Tensor) ftrlTask[T] {
	lr := scalarValue[T](in[4])
	return ftrlTask[T]{
		w: tensor.Data[T](in[0]), acc: tensor.Data[T](in[1]), lin: tensor.Data[T](in[2]), g: tensor.Data[T](in[3]),
		invLr: 1 / lr, power: T(-op.lrPower), sqrt: op.lrPower == -0.5,
		l1: T(op.l1), twoL2: 2 * (T(op.l2) + T(op.beta)/(2*lr)), twoShrink: T(2 * op.l2Shrinkage),
	}
}

// ftrlTask is FTRL over a range of the variable; it multiplies by 1/lr
// where Keras divides by lr, and sqrt says that the power is 0.5, computed
// as a square root.
type ftrlTask[T tensor.Float] struct {
	w, acc, lin, g                     []T
	invLr, power, l1, twoL2, twoShrink T
	sqrt                               bool
}

// pow returns x^power.
func (t *ftrlTask[T]) pow(x T) T {
	if t.sqrt {
		return sqrtOf(x)
	}
	return T(math.Pow(float64(x), float64(t.power)))
}

// Run updates elements [lo, hi), a piece at a time (see weightPieces).
func (t *ftrlTask[T]) Run(lo, hi int) {
	var buf [streamPiece]T
	for p := piecesOf(buf[:], t.w, lo, hi); p.next(); {
		t.update(p.ws, p.lo, p.hi)
	}
}

// update updates w, standing for elements [lo, hi) of the variable, in
// the order of Keras's operations.
func (t *ftrlTask[T]) update(w []T, lo, hi int) {
	acc, lin, g := t.acc[lo:hi], t.lin[lo:hi], t.g[lo:hi]
	for i, gi := range g {
		wi := w[i]
		shrunk := gi + t.twoShrink*wi
		newAcc := acc[i] + gi*gi
		pNew := t.pow(newAcc)
		l := lin[i] + (shrunk - (pNew-t.pow(acc[i]))*t.invLr*wi)
		lin[i] = l
		quadratic := pNew*t.invLr + t.twoL2
		w[i] = (min(max(l, -t.l1), t.l1) - l) / quadratic
		acc[i] = newAcc
	}
}

func (op applyFtrlOp) Gradient(n, dy *Node) ([]*Node, error) { return noUpdateGradient(op) }
