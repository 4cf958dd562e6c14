package kernels

import (
	"fmt"
	"math"
)

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

// apply runs the epilogue on rows [r0, r1) and columns [c0, c1) of the
// matrix c with row stride ldc.
func (e epilogue[T]) apply(c []T, ldc, r0, r1, c0, c1 int) {
	if e.bias == nil && e.act == ActNone && e.mask == nil {
		return
	}
	switch cc := any(c).(type) {
	case []float32:
		e32 := any(e).(epilogue[float32])
		for i := r0; i < r1; i++ {
			e32.row(cc[i*ldc+c0:i*ldc+c1], i, c0)
		}
	case []float64:
		e64 := any(e).(epilogue[float64])
		for i := r0; i < r1; i++ {
			e64.row(cc[i*ldc+c0:i*ldc+c1], i, c0)
		}
	}
}

// row runs the epilogue on row, the columns from c0 of row i of C. The
// loops select with integer moves (math.FloatXXbits) rather than
// branches, which the ReLU's random signs would mispredict half the time.
func (e epilogue[T]) row(row []T, i, c0 int) {
	switch r := any(row).(type) {
	case []float32:
		switch {
		case e.mask != nil:
			m := any(e.mask).([]float32)[i*e.ldm+c0:]
			maskRow32(r, m[:len(r)], float32(e.alpha))
		case e.bias == nil:
			reluRow32(r)
		case e.act == ActNone:
			biasRow(r, any(e.bias).([]float32)[c0:])
		default:
			biasReluRow32(r, any(e.bias).([]float32)[c0:])
		}
	case []float64:
		switch {
		case e.mask != nil:
			m := any(e.mask).([]float64)[i*e.ldm+c0:]
			maskRow64(r, m[:len(r)], float64(e.alpha))
		case e.bias == nil:
			reluRow64(r)
		case e.act == ActNone:
			biasRow(r, any(e.bias).([]float64)[c0:])
		default:
			biasReluRow64(r, any(e.bias).([]float64)[c0:])
		}
	}
}

// biasRow adds bias[j] to row[j].
func biasRow[T scalar](row, bias []T) {
	bias = bias[:len(row)]
	for j := range row {
		row[j] += bias[j]
	}
}

// reluRow32 sets the negative elements of row to 0.
func reluRow32(row []float32) {
	for j, v := range row {
		b := math.Float32bits(v)
		if v < 0 {
			b = 0
		}
		row[j] = math.Float32frombits(b)
	}
}

// biasReluRow32 sets row[j] to relu(row[j] + bias[j]).
func biasReluRow32(row, bias []float32) {
	bias = bias[:len(row)]
	for j, v := range row {
		v += bias[j]
		b := math.Float32bits(v)
		if v < 0 {
			b = 0
		}
		row[j] = math.Float32frombits(b)
	}
}

// maskRow32 keeps row[j] where mask[j] > 0 and multiplies it by alpha
// elsewhere.
func maskRow32(row, mask []float32, alpha float32) {
	mask = mask[:len(row)]
	for j, v := range row {
		b, s := math.Float32bits(v), math.Float32bits(alpha*v)
		if !(mask[j] > 0) {
			b = s
		}
		row[j] = math.Float32frombits(b)
	}
}

// reluRow64 is reluRow32 for float64.
func reluRow64(row []float64) {
	for j, v := range row {
		b := math.Float64bits(v)
		if v < 0 {
			b = 0
		}
		row[j] = math.Float64frombits(b)
	}
}

// biasReluRow64 is biasReluRow32 for float64.
func biasReluRow64(row, bias []float64) {
	bias = bias[:len(row)]
	for j, v := range row {
		v += bias[j]
		b := math.Float64bits(v)
		if v < 0 {
			b = 0
		}
		row[j] = math.Float64frombits(b)
	}
}

// maskRow64 is maskRow32 for float64.
func maskRow64(row, mask []float64, alpha float64) {
	mask = mask[:len(row)]
	for j, v := range row {
		b, s := math.Float64bits(v), math.Float64bits(alpha*v)
		if !(mask[j] > 0) {
			b = s
		}
		row[j] = math.Float64frombits(b)
	}
}
