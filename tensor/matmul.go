package tensor

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
)

// MatMul returns the matrix product of a and b with numpy.matmul semantics:
//
//   - Operands of rank 2 or more are stacks of matrices in their last two
//     axes; the leading (batch) axes broadcast against each other, so
//     (2, 1, 3, 4) @ (5, 4, 2) gives (2, 5, 3, 2).
//   - A 1-D left operand is a row vector and a 1-D right operand a column
//     vector; the axis added for it is removed from the result, so
//     (3,) @ (3, 2) gives (2,) and (3,) @ (3,) gives a scalar.
//
// Both operands must have the same float dtype; int64 and rank-0 operands
// are rejected. An inner-dimension mismatch panics with an *Error naming
// both shapes. Zero-size dimensions are allowed (a zero inner dimension
// gives zeros). Large products run on all cores.
func MatMul(a, b *Tensor) *Tensor { return matmulNew("MatMul", a, b, false, false) }

// MatMulInto writes MatMul(a, b) into dst, which must have exactly the
// result's shape and dtype and must not share memory with a or b. It
// allocates nothing for the result.
func MatMulInto(dst, a, b *Tensor) { matmulInto("MatMulInto", dst, a, b, false, false) }

// MatMulT is MatMul with the last two axes of a transposed if transA is set
// and those of b if transB is set, without copying either operand: for
// matrices MatMulT(a, b, true, false) is aᵀb. The flags have no effect on a
// 1-D operand, which has no pair of axes to swap.
func MatMulT(a, b *Tensor, transA, transB bool) *Tensor {
	return matmulNew("MatMulT", a, b, transA, transB)
}

// MatMulTInto writes MatMulT(a, b, transA, transB) into dst, which must
// have exactly the result's shape and dtype and must not share memory with
// a or b.
func MatMulTInto(dst, a, b *Tensor, transA, transB bool) {
	matmulInto("MatMulTInto", dst, a, b, transA, transB)
}

// MatMulBiasInto writes op(a)·op(b) + bias into dst, then replaces each
// negative element by 0 if relu is set: the affine map (and ReLU) of a
// dense layer in one call. op and the rules on dst are those of
// MatMulTInto; bias has the dtype of a and b, and its shape is (n,) or
// (1, …, 1, n), of rank at most the result's, for a result whose last axis
// has n elements (a nil bias adds nothing). b must not be a 1-D operand.
//
// The result is bit-for-bit that of MatMulTInto followed by AddInto with
// the bias and ReluInto, but the bias and ReLU are applied to each block
// of the product while it is in cache, instead of in two more passes over
// dst.
func MatMulBiasInto(dst, a, b, bias *Tensor, transA, transB, relu bool) {
	const op = "MatMulBiasInto"
	p := planMatMul(op, a, b, transA, transB)
	if dst.dtype != a.dtype || !p.outIs(dst.shape) {
		panicShapes(op, fmt.Sprintf("destination is %v %v, want %v %v", dst.dtype, dst.shape, a.dtype, p.outShape()),
			dst.shape, a.shape, b.shape)
	}
	if p.bVec {
		panicShapes(op, "b must have at least two dimensions", a.shape, b.shape)
	}
	if bias != nil && (bias.dtype != a.dtype || !isRowVector(bias.shape, p.n) || bias.Rank() > dst.Rank()) {
		panicShapes(op, fmt.Sprintf("bias is %v %v, want %v (%d,)", bias.dtype, bias.shape, a.dtype, p.n),
			a.shape, b.shape, bias.shape)
	}
	act := kernels.ActNone
	if relu {
		act = kernels.ActRelu
	}
	switch a.dtype {
	case Float32:
		epi := matmulEpi[float32]{bias: optData[float32](bias), act: act}
		matmulRunEpi(&p, Data[float32](dst), Data[float32](a), Data[float32](b), epi)
	case Float64:
		epi := matmulEpi[float64]{bias: optData[float64](bias), act: act}
		matmulRunEpi(&p, Data[float64](dst), Data[float64](a), Data[float64](b), epi)
	}
}

// MatMulReluGradInto writes into dst the product P = op(a)·op(b) where y
// > 0, and alpha·P elsewhere: the gradient of a ReLU (alpha 0) or a
// LeakyReLU with slope alpha whose input or output is y, for the incoming
// gradient P. op and the rules on dst are those of MatMulTInto; y has the
// shape and dtype of dst and must not share memory with it.
//
// The result is bit-for-bit that of MatMulTInto followed by the masking
// pass, but the mask is applied to each block of the product while it is
// in cache.
func MatMulReluGradInto(dst, a, b, y *Tensor, transA, transB bool, alpha float64) {
	const op = "MatMulReluGradInto"
	p := planMatMul(op, a, b, transA, transB)
	if dst.dtype != a.dtype || !p.outIs(dst.shape) {
		panicShapes(op, fmt.Sprintf("destination is %v %v, want %v %v", dst.dtype, dst.shape, a.dtype, p.outShape()),
			dst.shape, a.shape, b.shape)
	}
	if p.bVec || p.aVec {
		panicShapes(op, "a and b must have at least two dimensions", a.shape, b.shape)
	}
	if y.dtype != dst.dtype || !y.shape.Equal(dst.shape) {
		panicShapes(op, fmt.Sprintf("y is %v %v, want %v %v", y.dtype, y.shape, dst.dtype, dst.shape),
			a.shape, b.shape, y.shape)
	}
	switch a.dtype {
	case Float32:
		epi := matmulEpi[float32]{mask: Data[float32](y), alpha: float32(alpha)}
		matmulRunEpi(&p, Data[float32](dst), Data[float32](a), Data[float32](b), epi)
	case Float64:
		epi := matmulEpi[float64]{mask: Data[float64](y), alpha: alpha}
		matmulRunEpi(&p, Data[float64](dst), Data[float64](a), Data[float64](b), epi)
	}
}

// matmulEpi is what the fused products do to each matrix of the result:
// add bias and apply act (MatMulBiasInto), or mask it by the matching
// matrix of mask (MatMulReluGradInto). The zero value does nothing.
type matmulEpi[T Float] struct {
	bias  []T
	act   kernels.Act
	mask  []T
	alpha T
}

// isRowVector reports whether s is (n,) or (1, …, 1, n).
func isRowVector(s Shape, n int) bool {
	if len(s) == 0 || s[len(s)-1] != n {
		return false
	}
	for _, d := range s[:len(s)-1] {
		if d != 1 {
			return false
		}
	}
	return true
}

// optData returns the elements of t, or nil for a nil t.
func optData[T Float](t *Tensor) []T {
	if t == nil {
		return nil
	}
	return Data[T](t)
}

// matmulNew allocates the result of a product and computes it.
func matmulNew(op string, a, b *Tensor, transA, transB bool) *Tensor {
	p := planMatMul(op, a, b, transA, transB)
	dst := New(a.dtype, p.outShape()...)
	p.run(dst, a, b)
	return dst
}

// matmulInto checks dst against the planned result and computes into it.
func matmulInto(op string, dst, a, b *Tensor, transA, transB bool) {
	p := planMatMul(op, a, b, transA, transB)
	if dst.dtype != a.dtype || !p.outIs(dst.shape) {
		panicShapes(op, fmt.Sprintf("destination is %v %v, want %v %v", dst.dtype, dst.shape, a.dtype, p.outShape()),
			dst.shape, a.shape, b.shape)
	}
	p.run(dst, a, b)
}

// matmulPlan describes a (batched) product: each of the batch.Size()
// matrices of the result is op(A)·op(B) with op(A) m×k and op(B) k×n. It
// is a small value so that planning a product allocates nothing; its
// shapes alias the operands' shapes (or, for broadcast batch axes, a new
// slice) and are only read.
type matmulPlan struct {
	m, n, k        int
	transA, transB bool
	lda, ldb       int   // row strides of the stored matrices
	aBatch, bBatch Shape // leading axes of each operand (nil for vectors)
	batch          Shape // broadcast batch axes
	aVec, bVec     bool  // 1-D operands, whose axis the result drops
}

// planMatMul validates the operands and works out the shapes of a product.
func planMatMul(op string, a, b *Tensor, transA, transB bool) matmulPlan {
	if a.dtype != b.dtype {
		panicShapes(op, fmt.Sprintf("dtypes differ: %v and %v", a.dtype, b.dtype), a.shape, b.shape)
	}
	if !a.dtype.IsFloat() {
		panicShapes(op, fmt.Sprintf("dtype %v is not supported, want float32 or float64", a.dtype), a.shape, b.shape)
	}
	if a.Rank() == 0 || b.Rank() == 0 {
		panicShapes(op, "operands must have at least one dimension", a.shape, b.shape)
	}
	var p matmulPlan
	var ka, kb int
	p.m, ka, p.lda, p.transA, p.aBatch = matmulOperand(a.shape, transA, true)
	kb, p.n, p.ldb, p.transB, p.bBatch = matmulOperand(b.shape, transB, false)
	if ka != kb {
		panicShapes(op, fmt.Sprintf("inner dimensions %d and %d do not match", ka, kb), a.shape, b.shape)
	}
	p.k = ka
	p.aVec, p.bVec = a.Rank() == 1, b.Rank() == 1
	switch {
	case len(p.aBatch) == 0 && len(p.bBatch) == 0: // plain matrices: no batch
	case p.aBatch.Equal(p.bBatch) || len(p.bBatch) == 0:
		p.batch = p.aBatch
	case len(p.aBatch) == 0:
		p.batch = p.bBatch
	default:
		batch, ok := BroadcastShapes(p.aBatch, p.bBatch)
		if !ok {
			panicShapes(op, "batch dimensions cannot be broadcast together", a.shape, b.shape)
		}
		p.batch = batch
	}
	return p
}

// outShape returns a new slice holding the shape of the result.
func (p *matmulPlan) outShape() Shape {
	out := append(Shape{}, p.batch...)
	if !p.aVec {
		out = append(out, p.m)
	}
	if !p.bVec {
		out = append(out, p.n)
	}
	return out
}

// outIs reports whether s is the shape of the result, without allocating.
func (p *matmulPlan) outIs(s Shape) bool {
	r := len(p.batch)
	if !p.aVec {
		r++
	}
	if !p.bVec {
		r++
	}
	if len(s) != r || !s[:len(p.batch)].Equal(p.batch) {
		return false
	}
	rest := s[len(p.batch):]
	if !p.aVec {
		if rest[0] != p.m {
			return false
		}
		rest = rest[1:]
	}
	return p.bVec || rest[0] == p.n
}

// matmulOperand reads the matrix view of one operand: the rows and columns
// of op(X), the row stride of X as stored, whether X is transposed and its
// batch axes. A 1-D operand is a row vector on the left and a column vector
// on the right, and is never transposed.
func matmulOperand(s Shape, trans, left bool) (rows, cols, ld int, t bool, batch Shape) {
	r := len(s)
	if r == 1 {
		if left {
			return 1, s[0], max(1, s[0]), false, nil
		}
		return s[0], 1, 1, false, nil
	}
	rows, cols = s[r-2], s[r-1]
	ld = max(1, cols)
	if trans {
		rows, cols = cols, rows
	}
	return rows, cols, ld, trans, s[:r-2]
}

// matmulBatchGrain is the least number of multiply-adds per parallel chunk
// when small matrices of a batch are spread over the cores.
const matmulBatchGrain = 1 << 16

// run computes the product into dst, whose shape and dtype are checked.
func (p *matmulPlan) run(dst, a, b *Tensor) {
	switch a.dtype {
	case Float32:
		matmulRun(p, Data[float32](dst), Data[float32](a), Data[float32](b))
	case Float64:
		matmulRun(p, Data[float64](dst), Data[float64](a), Data[float64](b))
	}
}

// matmulRun calls kernels.Gemm once per matrix of the batch, passing each
// operand's matrix by offset so that broadcasting copies nothing. Big
// matrices are parallelised inside Gemm; batches of small ones are spread
// over the cores by matmulBatched. Neither path allocates.
func matmulRun[T Float](p *matmulPlan, c, a, b []T) { matmulRunEpi(p, c, a, b, matmulEpi[T]{}) }

// matmulRunEpi is matmulRun with the epilogue epi applied to every matrix.
func matmulRunEpi[T Float](p *matmulPlan, c, a, b []T, epi matmulEpi[T]) {
	batches := p.batch.Size()
	if work := p.m * p.n * p.k; batches > 1 && work < matmulBatchGrain {
		matmulBatched(p, c, a, b, epi, (matmulBatchGrain+work)/(work+1))
		return
	}
	for t := 0; t < batches; t++ {
		matmulOne(p, t, c, a, b, epi)
	}
}

// matmulTask runs the matrices lo..hi of a batched product; it is the
// parallel loop body of matmulBatched, cached so that the loop does not
// allocate.
type matmulTask[T Float] struct {
	p       matmulPlan
	c, a, b []T
	epi     matmulEpi[T]
}

// Run computes matrices [lo, hi) of the batch.
func (t *matmulTask[T]) Run(lo, hi int) {
	for i := lo; i < hi; i++ {
		matmulOne(&t.p, i, t.c, t.a, t.b, t.epi)
	}
}

// matmulTasks holds idle matmulTasks.
var matmulTasks parallel.TaskCache

// matmulBatched runs the matrices of a batch in parallel, grain per chunk.
func matmulBatched[T Float](p *matmulPlan, c, a, b []T, epi matmulEpi[T], grain int) {
	parallel.ForCached(&matmulTasks, p.batch.Size(), grain, matmulTask[T]{p: *p, c: c, a: a, b: b, epi: epi})
}

// matmulOne computes matrix t of the batch, with the epilogue.
func matmulOne[T Float](p *matmulPlan, t int, c, a, b []T, epi matmulEpi[T]) {
	ao, bo := p.batchOffsets(t)
	co := t * p.m * p.n
	ldc := max(1, p.n)
	switch {
	case epi.mask != nil:
		kernels.GemmReluGrad(p.transA, p.transB, p.m, p.n, p.k, a[ao:], p.lda, b[bo:], p.ldb, epi.mask[co:], ldc, epi.alpha, c[co:], ldc)
	case epi.bias != nil || epi.act != kernels.ActNone:
		kernels.GemmBiasAct(p.transA, p.transB, p.m, p.n, p.k, a[ao:], p.lda, b[bo:], p.ldb, epi.bias, epi.act, c[co:], ldc)
	default:
		kernels.Gemm(p.transA, p.transB, p.m, p.n, p.k, 1, a[ao:], p.lda, b[bo:], p.ldb, 0, c[co:], ldc)
	}
}

// batchOffsets returns the element offsets of the A and B matrices used
// by matrix t of the result, following numpy broadcasting of the batch
// axes (an axis of size 1 or a missing axis repeats the same matrix).
func (p *matmulPlan) batchOffsets(t int) (ao, bo int) {
	nb := len(p.batch)
	aMat, bMat := p.m*p.k, p.k*p.n
	aMul, bMul := 1, 1
	for d := nb - 1; d >= 0; d-- {
		i := t % p.batch[d]
		t /= p.batch[d]
		if j := d - (nb - len(p.aBatch)); j >= 0 {
			if p.aBatch[j] != 1 {
				ao += i * aMul
			}
			aMul *= p.aBatch[j]
		}
		if j := d - (nb - len(p.bBatch)); j >= 0 {
			if p.bBatch[j] != 1 {
				bo += i * bMul
			}
			bMul *= p.bBatch[j]
		}
	}
	return ao * aMat, bo * bMat
}
