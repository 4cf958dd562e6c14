package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// biasActRef applies bias and act to the m×n matrix c the unfused way: a
// separate pass that computes act(c + bias[j]) per element.
func biasActRef[T scalar](m, n int, c []T, ldc int, bias []T, act Act) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			v := c[i*ldc+j]
			if bias != nil {
				v += bias[j]
			}
			if act == ActRelu && v < 0 {
				v = 0
			}
			c[i*ldc+j] = v
		}
	}
}

// checkBiasAct compares GemmBiasAct bit for bit with Gemm followed by
// biasActRef, on case c (its alpha, beta and NaN fill are ignored).
func checkBiasAct[T scalar](t *testing.T, c gemmCase, act Act, withBias bool, rng *rand.Rand) {
	t.Helper()
	a, lda, b, ldb, want, ldc := gemmOperands[T](c, rng)
	var bias []T
	if withBias {
		bias = make([]T, c.n)
		for j := range bias {
			bias[j] = T(rng.Float64()*2 - 1)
		}
	}
	got := append([]T(nil), want...)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			got[i*ldc+j] = T(math.NaN()) // C must not be read
		}
	}
	Gemm(c.transA, c.transB, c.m, c.n, c.k, 1, a, lda, b, ldb, 0, want, ldc)
	biasActRef(c.m, c.n, want, ldc, bias, act)
	GemmBiasAct(c.transA, c.transB, c.m, c.n, c.k, a, lda, b, ldb, bias, act, got, ldc)
	for i := range got {
		if math.Float64bits(float64(got[i])) != math.Float64bits(float64(want[i])) {
			t.Fatalf("%+v act %d bias %v: C[%d,%d] = %v, want %v", c, act, withBias, i/ldc, i%ldc, got[i], want[i])
		}
	}
}

// GemmBiasAct gives exactly Gemm, then the bias, then the activation, on
// every kernel set, for all transposes and for sizes on both sides of the
// small-problem threshold and across the blocking sizes.
func TestGemmBiasActMatchesUnfused(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		rng := rand.New(rand.NewPCG(5, 6))
		for i, c := range gemmCases() {
			if i%3 != 0 && c.m*c.n*c.k < smallGemm { // enough small ones
				continue
			}
			act := Act(i % 2)
			checkBiasAct[float32](t, c, act, i%4 != 1, rng)
			checkBiasAct[float64](t, c, act, i%4 != 3, rng)
		}
	})
}

// checkReluGrad compares GemmReluGrad bit for bit with Gemm followed by
// the masking pass of a ReLU gradient; y's rows are padded by padY.
func checkReluGrad[T scalar](t *testing.T, c gemmCase, alpha T, padY int, rng *rand.Rand) {
	t.Helper()
	a, lda, b, ldb, want, ldc := gemmOperands[T](c, rng)
	ldy := c.n + padY
	y := make([]T, c.m*ldy)
	for i := range y {
		switch i % 7 {
		case 0:
			y[i] = 0
		case 1:
			y[i] = T(math.NaN())
		default:
			y[i] = T(rng.Float64()*2 - 1)
		}
	}
	got := append([]T(nil), want...)
	Gemm(c.transA, c.transB, c.m, c.n, c.k, 1, a, lda, b, ldb, 0, want, ldc)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			if !(y[i*ldy+j] > 0) {
				want[i*ldc+j] *= alpha
			}
		}
	}
	GemmReluGrad(c.transA, c.transB, c.m, c.n, c.k, a, lda, b, ldb, y, ldy, alpha, got, ldc)
	for i := range got {
		if math.Float64bits(float64(got[i])) != math.Float64bits(float64(want[i])) {
			t.Fatalf("%+v alpha %v: C[%d,%d] = %v, want %v", c, alpha, i/ldc, i%ldc, got[i], want[i])
		}
	}
}

// GemmReluGrad gives exactly Gemm followed by the mask, for ReLU (alpha
// 0, where masked elements become ±0) and LeakyReLU, on every kernel set,
// with y's rows padded (masked row by row) or as far apart as C's (masked
// a whole contiguous block at a time where C's rows are too).
func TestGemmReluGradMatchesUnfused(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		rng := rand.New(rand.NewPCG(7, 8))
		for i, c := range gemmCases() {
			if i%3 != 0 && c.m*c.n*c.k < smallGemm {
				continue
			}
			alpha := []float64{0, 0.2}[i%2]
			padY := []int{3, c.pad}[i%4/2]
			checkReluGrad[float32](t, c, float32(alpha), padY, rng)
			checkReluGrad[float64](t, c, alpha, padY, rng)
		}
	})
}

// TestGemmBiasActKnownValues pins a 2×2 product by hand: A·B = [[19, 22],
// [43, 50]], bias [-20, -0.5]: [[-1, 21.5], [23, 49.5]], relu: [[0, 21.5],
// [23, 49.5]]. With k = 0 the result is act(bias) in every row, and the
// relu keeps NaN as tensor.Relu does.
func TestGemmBiasActKnownValues(t *testing.T) {
	a, b := []float32{1, 2, 3, 4}, []float32{5, 6, 7, 8}
	c := make([]float32, 4)
	GemmBiasAct(false, false, 2, 2, 2, a, 2, b, 2, []float32{-20, -0.5}, ActRelu, c, 2)
	if want := []float32{0, 21.5, 23, 49.5}; !equalBits(c, want) {
		t.Fatalf("relu(A·B + bias) = %v, want %v", c, want)
	}
	GemmBiasAct(false, false, 2, 2, 2, a, 2, b, 2, []float32{-20, -0.5}, ActNone, c, 2)
	if want := []float32{-1, 21.5, 23, 49.5}; !equalBits(c, want) {
		t.Fatalf("A·B + bias = %v, want %v", c, want)
	}
	nan := float32(math.NaN())
	c = []float32{9, 9, 9, 9, 9, 9}
	GemmBiasAct(false, false, 2, 3, 0, nil, 1, nil, 3, []float32{nan, -1, 2}, ActRelu, c, 3)
	if want := []float32{nan, 0, 2, nan, 0, 2}; !equalBits(c, want) {
		t.Fatalf("k=0: relu(bias) = %v, want %v", c, want)
	}
}

func equalBits(got, want []float32) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			return false
		}
	}
	return true
}

// TestGemmReluGradKnownValues: A·B = [[19, 22], [43, 50]] masked by y =
// [[1, 0], [-1, NaN]] with alpha 0.5 is [[19, 11], [21.5, 25]].
func TestGemmReluGradKnownValues(t *testing.T) {
	c := make([]float32, 4)
	y := []float32{1, 0, -1, float32(math.NaN())}
	GemmReluGrad(false, false, 2, 2, 2, []float32{1, 2, 3, 4}, 2, []float32{5, 6, 7, 8}, 2, y, 2, 0.5, c, 2)
	if want := []float32{19, 11, 21.5, 25}; !equalBits(c, want) {
		t.Fatalf("got %v, want %v", c, want)
	}
}

func TestGemmReluGradPanicsOnShortY(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for a y too short")
		}
	}()
	GemmReluGrad(false, false, 2, 3, 2, make([]float32, 4), 2, make([]float32, 6), 3, make([]float32, 5), 3, 0, make([]float32, 6), 3)
}

func TestGemmBiasActPanicsOnShortBias(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for a bias shorter than n")
		}
	}()
	GemmBiasAct(false, false, 2, 3, 2, make([]float32, 4), 2, make([]float32, 6), 3, make([]float32, 2), ActNone, make([]float32, 6), 3)
}
