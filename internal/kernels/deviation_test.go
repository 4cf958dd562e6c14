package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func testDevBlock[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, n := range append(seq(8, 70), 127, 128, 129, 1000) {
		for _, x := range [][]T{unaligned(ewRand[T](r, n), n%4), unaligned(noNaN(ewRand[T](r, n)), n%3)} {
			m := r.NormFloat64()
			g1, g2 := DevBlock(x, m)
			var w1, w2 float64
			withGo(func() { w1, w2 = DevBlock(x, m) })
			checkSame(t, fmt.Sprintf("DevBlock of %d elements", n), []float64{g1, g2}, []float64{w1, w2})
		}
	}
}

func TestDevBlock(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testDevBlock[float32])
		t.Run("float64", testDevBlock[float64])
	})
}

func testColDevSums[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	for _, w := range append(seq(0, 70), 127, 128, 129, 255, 256, 1000) {
		for _, rows := range []int{1, 2, 7} {
			stride := w + rows%3
			x := unaligned(ewRand[T](r, max(1, (rows-1)*stride+w)), w%4)
			m, s1, s2 := make([]float64, w), make([]float64, w), make([]float64, w)
			for j := range m {
				m[j], s1[j], s2[j] = r.NormFloat64(), r.NormFloat64(), r.Float64()
			}
			g1, g2 := append([]float64(nil), s1...), append([]float64(nil), s2...)
			ColDevSums(g1, g2, m, x, rows, stride)
			withGo(func() { ColDevSums(s1, s2, m, x, rows, stride) })
			what := fmt.Sprintf("ColDevSums w %d rows %d stride %d", w, rows, stride)
			checkSame(t, what+" (sums)", g1, s1)
			checkSame(t, what+" (squares)", g2, s2)
		}
	}
}

func TestColDevSums(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testColDevSums[float32])
		t.Run("float64", testColDevSums[float64])
	})
}

// TestDeviationKnown pins DevBlock and ColDevSums on small inputs, with
// whatever kernels the machine uses.
func TestDeviationKnown(t *testing.T) {
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}
	// Deviations from 5: -4..4, summing to 0; squares sum to 2·(1+4+9+16).
	if s1, s2 := DevBlock(x, 5); s1 != 0 || s2 != 60 {
		t.Errorf("DevBlock(1..9, 5) = %v, %v; want 0, 60", s1, s2)
	}
	// A 2×2 block with stride 3 and means {2, 5}: column 0 holds 1 and 3,
	// column 1 holds 4 and 7.
	s1, s2 := []float64{10, 20}, []float64{0, 0}
	ColDevSums(s1, s2, []float64{2, 5}, []float64{1, 4, 99, 3, 7}, 2, 3)
	if s1[0] != 10 || s1[1] != 21 || s2[0] != 2 || s2[1] != 5 {
		t.Errorf("ColDevSums = %v, %v; want [10 21], [2 5]", s1, s2)
	}
}
