package kernels

import "fmt"

// Act is an activation function that GemmBiasAct applies to its result.
type Act uint8

// The activations of GemmBiasAct.
const (
	ActNone Act = iota // the identity
	ActRelu            // 0 where x < 0, else x (NaN and -0 stay), as tensor.Relu
)

// GemmBiasAct computes C = act(op(A)*op(B) + bias), where bias, if not
// nil, holds n elements and bias[j] is added to every element of column j
// of C. The arguments are those of Gemm with alpha 1 and beta 0 (C is not
// read). The product is computed exactly as Gemm computes it, and then
// each element of C becomes act(c + bias[j]), rounded like that
// expression; only, the bias and activation are applied to each block of
// C right after the block is finished, while it is still in cache, rather
// than in separate passes over C afterwards. The result is therefore
// bit-for-bit that of Gemm followed by a broadcast add and the activation.
func GemmBiasAct[T float32 | float64](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, bias []T, act Act, c []T, ldc int) {
	if bias != nil && len(bias) < n {
		panic(fmt.Sprintf("kernels.GemmBiasAct: bias has %d elements, need %d", len(bias), n))
	}
	if act > ActRelu {
		panic(fmt.Sprintf("kernels.GemmBiasAct: unknown activation %d", act))
	}
	gemm(transA, transB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc, epilogue[T]{bias: bias, act: act})
}

// GemmReluGrad computes the product P = op(A)*op(B) and sets C to P where
// y > 0 and to alpha*P elsewhere: the gradient of a ReLU (alpha 0) or
// LeakyReLU whose input or output is the m×n matrix y (row stride ldy),
// for an incoming gradient P. The other arguments are those of Gemm with
// alpha 1 and beta 0. Like GemmBiasAct it computes P exactly as Gemm does
// and applies the mask to each block of C while the block is in cache, so
// the result is bit-for-bit that of Gemm followed by the masking pass.
func GemmReluGrad[T float32 | float64](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, y []T, ldy int, alpha T, c []T, ldc int) {
	checkMatrix("Y", m, n, len(y), ldy)
	gemm(transA, transB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc, epilogue[T]{mask: y, ldm: ldy, alpha: alpha})
}

// An epilogue is what GemmBiasAct or GemmReluGrad does to C after the
// product: add a bias per column and apply an activation, or mask C by
// the sign of another matrix.
type epilogue[T scalar] struct {
	bias []T
	act  Act

	mask  []T // if not nil: C = C where mask > 0, alpha*C elsewhere
	ldm   int // row stride of mask
	alpha T
}

// none reports whether the epilogue does nothing.
func (e epilogue[T]) none() bool { return e.bias == nil && e.act == ActNone && e.mask == nil }

// apply runs the epilogue on rows [r0, r1) and columns [c0, c1) of the
// matrix c with row stride ldc. The bias and activation run as vector
// kernels (Rows, Relu) over the whole block when its rows are contiguous
// (ldc is the block's width, as for a convolution's output channels), row
// by row otherwise; so does the mask (ReluGrad), whose rows must also be
// the block's width apart to be contiguous. Each is the same
// rounding of the same expression as the scalar loops in row, so the
// results are bit-for-bit those.
func (e epilogue[T]) apply(c []T, ldc, r0, r1, c0, c1 int) {
	if e.none() || r0 >= r1 || c0 >= c1 {
		return
	}
	w := c1 - c0
	switch {
	case e.mask != nil && ldc == w && e.ldm == w:
		d := c[r0*ldc+c0 : (r1-1)*ldc+c1]
		ReluGrad(d, e.mask[r0*e.ldm+c0:], d, e.alpha)
	case e.mask != nil:
		for i := r0; i < r1; i++ {
			d := c[i*ldc+c0 : i*ldc+c1]
			ReluGrad(d, e.mask[i*e.ldm+c0:], d, e.alpha)
		}
	case ldc == w:
		e.biasAct(c[r0*ldc+c0:(r1-1)*ldc+c1], r1-r0, w, c0)
	default:
		for i := r0; i < r1; i++ {
			e.biasAct(c[i*ldc+c0:i*ldc+c1], 1, w, c0)
		}
	}
}

// biasAct adds the bias (from column c0) to the rows×w block d of packed
// rows and applies the activation.
func (e epilogue[T]) biasAct(d []T, rows, w, c0 int) {
	if e.bias != nil {
		Rows(OpAdd, d, d, e.bias[c0:], rows, w, w, 0)
	}
	if e.act == ActRelu {
		Relu(d, d)
	}
}
