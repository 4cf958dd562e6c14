package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// gemmCase is one Gemm problem: sizes, transposes, scalars and padding of
// the row strides.
type gemmCase struct {
	m, n, k        int
	transA, transB bool
	alpha, beta    float64
	pad            int  // extra elements per row of A, B and C
	nanC           bool // fill C with NaN (only with beta == 0)
}

// gemmCases returns every combination of the odd sizes with all transposes,
// cycling through scalars and paddings, plus a few shapes that cross the
// blocking sizes (mc, kc, nc) of the kernels.
func gemmCases() []gemmCase {
	sizes := []int{1, 3, 17, 64, 129}
	scalars := []struct {
		alpha, beta float64
		nanC        bool
	}{{1, 0, false}, {0.5, -1.5, false}, {-2, 1, false}, {1.25, 0, true}}
	var cs []gemmCase
	i := 0
	for _, m := range sizes {
		for _, n := range sizes {
			for _, k := range sizes {
				for tr := 0; tr < 4; tr++ {
					s := scalars[i%len(scalars)]
					cs = append(cs, gemmCase{m, n, k, tr&1 != 0, tr&2 != 0, s.alpha, s.beta, i % 3 * 2, s.nanC})
					i++
				}
			}
		}
	}
	for _, sh := range [][3]int{{200, 33, 70}, {33, 200, 70}, {300, 7, 513}, {5, 3100, 300}, {257, 129, 260}, {2, 1000, 40}, {450, 20, 20}} {
		for tr := 0; tr < 4; tr++ {
			if gemmRace && (tr == 1 || tr == 2) {
				// Under the race detector, whose slowdown of the portable
				// set makes these shapes most of the package's time, the
				// large shapes run with neither and with both operands
				// transposed: each packing routine in both of its forms.
				continue
			}
			cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, 0.75, 0.5, 1, false})
			cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, 1, 0, 2, true})
		}
	}
	// Above the serial threshold, with row strides longer than the rows:
	// the SIMD float32 kernels read A unpacked, except (first shape, A not
	// transposed) where its stride is 1024 elements, a multiple of 4 KiB,
	// and A is packed (see useDirect).
	for _, sh := range [][4]int{{300, 70, 1000, 24}, {150, 300, 200, 5}} {
		for tr := 0; tr < 4; tr++ {
			cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, -1.5, 0.25, sh[3], false})
		}
	}
	return cs
}

// gemmOperands builds random A, B, C for c with padded strides; padding
// elements hold a sentinel that Gemm must leave alone.
func gemmOperands[T scalar](c gemmCase, rng *rand.Rand) (a []T, lda int, b []T, ldb int, cm []T, ldc int) {
	ar, ac := c.m, c.k
	if c.transA {
		ar, ac = c.k, c.m
	}
	br, bc := c.k, c.n
	if c.transB {
		br, bc = c.n, c.k
	}
	fill := func(rows, cols int, nan bool) ([]T, int) {
		ld := cols + c.pad
		x := make([]T, rows*ld)
		for i := range x {
			switch {
			case i%ld >= cols:
				x[i] = sentinel
			case nan:
				x[i] = T(math.NaN())
			default:
				x[i] = T(rng.Float64()*2 - 1)
			}
		}
		return x, ld
	}
	a, lda = fill(ar, ac, false)
	b, ldb = fill(br, bc, false)
	cm, ldc = fill(c.m, c.n, c.nanC)
	return
}

const sentinel = 12345

// refGemm computes alpha*op(A)*op(B) + beta*C in float64 with a triple loop,
// returning the result and, per element, the magnitude sum used to bound
// the rounding error.
func refGemm[T scalar](c gemmCase, a []T, lda int, b []T, ldb int, cm []T, ldc int) (want, mag []float64) {
	// Copy op(A) (m×k) and op(B) transposed (n×k) to dense float64 rows.
	at := make([]float64, c.m*c.k)
	bt := make([]float64, c.n*c.k)
	for p := 0; p < c.k; p++ {
		for i := 0; i < c.m; i++ {
			if c.transA {
				at[i*c.k+p] = float64(a[p*lda+i])
			} else {
				at[i*c.k+p] = float64(a[i*lda+p])
			}
		}
		for j := 0; j < c.n; j++ {
			if c.transB {
				bt[j*c.k+p] = float64(b[j*ldb+p])
			} else {
				bt[j*c.k+p] = float64(b[p*ldb+j])
			}
		}
	}
	want = make([]float64, c.m*c.n)
	mag = make([]float64, c.m*c.n)
	for i := 0; i < c.m; i++ {
		ar := at[i*c.k : (i+1)*c.k]
		for j := 0; j < c.n; j++ {
			br := bt[j*c.k : (j+1)*c.k]
			var s, sa float64
			for p, x := range ar {
				t := x * br[p]
				s += t
				sa += math.Abs(t)
			}
			v, va := c.alpha*s, math.Abs(c.alpha)*sa
			if c.beta != 0 {
				old := float64(cm[i*ldc+j])
				v += c.beta * old
				va += math.Abs(c.beta * old)
			}
			want[i*c.n+j], mag[i*c.n+j] = v, va
		}
	}
	return want, mag
}

// checkGemmCase runs Gemm on case c and compares it with refGemm.
func checkGemmCase[T scalar](t *testing.T, c gemmCase, eps float64, rng *rand.Rand) {
	t.Helper()
	a, lda, b, ldb, cm, ldc := gemmOperands[T](c, rng)
	want, mag := refGemm(c, a, lda, b, ldb, cm, ldc)
	Gemm(c.transA, c.transB, c.m, c.n, c.k, T(c.alpha), a, lda, b, ldb, T(c.beta), cm, ldc)
	if msg := compareGemm(c, cm, ldc, want, mag, eps); msg != "" {
		t.Fatal(msg)
	}
}

// compareGemm checks Gemm's result cm against refGemm's within
// eps*(k+2) times the magnitude of the terms, and that the padding is
// untouched; it returns a description of the first mismatch or "".
func compareGemm[T scalar](c gemmCase, cm []T, ldc int, want, mag []float64, eps float64) string {
	for i := 0; i < c.m; i++ {
		for j := 0; j < ldc; j++ {
			got := float64(cm[i*ldc+j])
			if j >= c.n {
				if got != sentinel {
					return fmt.Sprintf("%+v: padding C[%d,%d] overwritten with %v", c, i, j, got)
				}
				continue
			}
			w := want[i*c.n+j]
			tol := eps*float64(c.k+2)*mag[i*c.n+j] + 1e-30
			if math.IsNaN(got) || math.Abs(got-w) > tol {
				return fmt.Sprintf("%+v: C[%d,%d] = %v, want %v (tol %g)", c, i, j, got, w, tol)
			}
		}
	}
	return ""
}

func TestGemmMatchesNaive(t *testing.T) {
	cases := gemmCases()
	t.Run("float32", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, c := range cases {
			checkGemmCase[float32](t, c, 0x1p-23, rng)
		}
	})
	t.Run("float64", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, c := range cases {
			checkGemmCase[float64](t, c, 0x1p-52, rng)
		}
	})
}

// TestGemmKnownValues pins small products computed by hand.
func TestGemmKnownValues(t *testing.T) {
	cases := []struct {
		name           string
		transA, transB bool
		a, b           []float64
		alpha, beta    float64
		c, want        []float64
	}{
		{"plain", false, false, []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 1, 0,
			[]float64{math.NaN(), 1, 2, 3}, []float64{19, 22, 43, 50}},
		{"transA", true, false, []float64{1, 3, 2, 4}, []float64{5, 6, 7, 8}, 1, 0,
			[]float64{0, 0, 0, 0}, []float64{19, 22, 43, 50}},
		{"transB", false, true, []float64{1, 2, 3, 4}, []float64{5, 7, 6, 8}, 2, 1,
			[]float64{1, 1, 1, 1}, []float64{39, 45, 87, 101}},
		{"alpha0", false, false, []float64{math.NaN(), 1, 1, 1}, []float64{1, 1, 1, 1}, 0, 3,
			[]float64{1, 2, 3, 4}, []float64{3, 6, 9, 12}},
	}
	for _, c := range cases {
		got := append([]float64(nil), c.c...)
		Gemm(c.transA, c.transB, 2, 2, 2, c.alpha, c.a, 2, c.b, 2, c.beta, got, 2)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
				break
			}
		}
		got32 := make([]float32, 4)
		a32, b32 := make([]float32, 4), make([]float32, 4)
		for i := range got32 {
			got32[i], a32[i], b32[i] = float32(c.c[i]), float32(c.a[i]), float32(c.b[i])
		}
		Gemm(c.transA, c.transB, 2, 2, 2, float32(c.alpha), a32, 2, b32, 2, float32(c.beta), got32, 2)
		for i := range got32 {
			if float64(got32[i]) != c.want[i] {
				t.Errorf("%s float32: got %v, want %v", c.name, got32, c.want)
				break
			}
		}
	}
}

// TestGemmZeroK checks that an empty shared dimension leaves beta*C, with
// NaNs cleared when beta is 0, on both the small and the blocked path.
func TestGemmZeroK(t *testing.T) {
	for _, m := range []int{2, 300} {
		c := make([]float32, m*m)
		for i := range c {
			c[i] = float32(math.NaN())
		}
		Gemm(false, false, m, m, 0, 1, nil, 1, nil, m, 0, c, m)
		for i, v := range c {
			if v != 0 {
				t.Fatalf("m=%d: C[%d] = %v, want 0", m, i, v)
			}
		}
	}
}

func TestGemmPanicsOnBadArguments(t *testing.T) {
	cases := []struct {
		name string
		call func()
	}{
		{"short A", func() {
			Gemm(false, false, 2, 2, 2, 1, make([]float32, 3), 2, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		}},
		{"small lda", func() {
			Gemm(false, false, 2, 2, 2, 1, make([]float32, 4), 1, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		}},
		{"short C", func() {
			Gemm(true, true, 2, 3, 2, 1.0, make([]float64, 4), 2, make([]float64, 6), 2, 0, make([]float64, 5), 3)
		}},
		{"negative", func() { Gemm(false, false, -1, 2, 2, 1.0, nil, 2, nil, 2, 0, nil, 2) }},
	}
	for _, c := range cases {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.call()
		}()
	}
}

// TestGemmConcurrent runs blocked products from several goroutines at once
// so that the race detector sees the shared pools and packing buffers.
func TestGemmConcurrent(t *testing.T) {
	const n = 150
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 9))
			checkGemmCase[float32](t, gemmCase{m: n, n: n + g, k: n - g, alpha: 1, transB: g%2 == 1}, 0x1p-23, rng)
		}()
	}
	wg.Wait()
}

// gemmBenchShapes are the benchmark problems as {M, K, N}, named like
// the shared bench suite's sgemm_MxKxN workloads (n³ for cubes).
var gemmBenchShapes = []struct {
	name    string
	m, k, n int
}{
	{"128", 128, 128, 128}, {"256", 256, 256, 256}, {"512", 512, 512, 512},
	{"1024", 1024, 1024, 1024}, {"2048", 2048, 2048, 2048}, {"128x784x512", 128, 784, 512},
}

// benchGemm times C = A·B (no transposes, alpha 1, beta 0) on
// preallocated operands and reports GFLOP/s = 2·M·N·K per call.
func benchGemm[T scalar](b *testing.B) {
	for _, sh := range gemmBenchShapes {
		b.Run(sh.name, func(b *testing.B) {
			x := make([]T, sh.m*sh.k)
			y := make([]T, sh.k*sh.n)
			for i := range x {
				x[i] = T(i%17) / 17
			}
			for i := range y {
				y[i] = T(i%13) / 13
			}
			c := make([]T, sh.m*sh.n)
			Gemm(false, false, sh.m, sh.n, sh.k, 1, x, sh.k, y, sh.n, 0, c, sh.n) // warm-up
			fm := startFlops()
			for b.Loop() {
				Gemm(false, false, sh.m, sh.n, sh.k, 1, x, sh.k, y, sh.n, 0, c, sh.n)
			}
			flop := 2 * float64(sh.m) * float64(sh.n) * float64(sh.k) * float64(b.N)
			fm.report(b, flop)
		})
	}
}

func BenchmarkSgemm(b *testing.B) { benchGemm[float32](b) }
func BenchmarkDgemm(b *testing.B) { benchGemm[float64](b) }

// BenchmarkSgemmStrides times the float32 cubes 1024³ and 2048³ (C = A·B,
// alpha 1, beta 0) with the row strides of contiguous matrices, which are
// powers of two (4 and 8 KiB), and with every row padded by 16 elements
// (64 bytes), then with one operand padded at a time (pad-a, pad-b,
// pad-c). With power-of-two strides the rows of a tile of C, and the rows
// of A and B that the packing routines read, all fall in the same few
// cache sets. On the 2-core Zen 5 of the README (2026-12-07, two series
// of eight rounds, medians of the ratios within each round) padding all
// three made 1024³ 1.044× and 1.049× as fast, 2048³ 1.068× and 1.099×;
// each operand alone gave most of it (1.02-1.08×). See
// docs/bench/gemm-large-products.md.
func BenchmarkSgemmStrides(b *testing.B) {
	for _, n := range []int{1024, 2048} {
		p := n + 16
		for _, v := range []struct {
			name          string
			lda, ldb, ldc int
		}{{"dense", n, n, n}, {"pad", p, p, p}, {"pad-a", p, n, n}, {"pad-b", n, p, n}, {"pad-c", n, n, p}} {
			b.Run(fmt.Sprintf("%d/%s", n, v.name), func(b *testing.B) {
				x, y, c := make([]float32, n*v.lda), make([]float32, n*v.ldb), make([]float32, n*v.ldc)
				for i := range x {
					x[i] = float32(i%17) / 17
				}
				for i := range y {
					y[i] = float32(i%13) / 13
				}
				fm := startFlops()
				for b.Loop() {
					Gemm(false, false, n, n, n, 1, x, v.lda, y, v.ldb, 0, c, v.ldc)
				}
				fm.report(b, 2*float64(n)*float64(n)*float64(n)*float64(b.N))
			})
		}
	}
}

// GemmSerial computes every product of the test set bit for bit as Gemm
// does (same kernels, same blocking, only on the calling goroutine), so
// the recurrent loops that use it agree with the ops that use Gemm.
func TestGemmSerialMatchesGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range append(gemmCases(), gemmCase{m: 32, n: 512, k: 128, transB: true, alpha: 1, beta: 1}, gemmCase{m: 37, n: 515, k: 129, alpha: 1}) {
		a, lda, b, ldb, cm, ldc := gemmOperands[float32](c, rng)
		serial := slices.Clone(cm)
		Gemm(c.transA, c.transB, c.m, c.n, c.k, float32(c.alpha), a, lda, b, ldb, float32(c.beta), cm, ldc)
		GemmSerial(c.transA, c.transB, c.m, c.n, c.k, float32(c.alpha), a, lda, b, ldb, float32(c.beta), serial, ldc)
		if !slices.Equal(cm, serial) {
			t.Fatalf("%+v: GemmSerial differs from Gemm", c)
		}
	}
}
