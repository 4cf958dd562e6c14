package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// tieInput returns n values drawn from a few levels, so that windows have
// ties, with NaN, -0 and +0 among them.
func tieInput(n int, seed uint64) []float32 {
	levels := []float32{-1, 0, float32(math.Copysign(0, -1)), 0.5, 2, float32(math.NaN())}
	r := tensor.NewRNG(seed).Integers(0, int64(len(levels)), n).Int64s()
	x := make([]float32, n)
	for i, k := range r {
		x[i] = levels[k]
	}
	return x
}

// The 2×2 fast path gives bit-for-bit the general kernels' results, ties,
// NaN and signed zeros included, on even and odd sizes and with the
// batch split over many parallel rows.
func TestMaxPool2x2MatchesGeneral(t *testing.T) {
	for _, s := range [][4]int{{1, 2, 2, 1}, {2, 7, 5, 3}, {3, 6, 8, 64}, {64, 11, 11, 8}, {2, 4, 6, 70}} {
		for _, pad := range []string{"valid", "same"} {
			g, err := poolGeom(Pool2DOptions{Padding: pad}, tensor.Shape(s[:]))
			if err != nil {
				t.Fatal(err)
			}
			if !g.pool2x2() {
				if pad == "valid" || s[1]%2 == 0 && s[2]%2 == 0 {
					t.Fatalf("%v %s: fast path not taken", s, pad)
				}
				continue
			}
			x := tieInput(s[0]*s[1]*s[2]*s[3], 7)
			ny := g.n * g.oh * g.ow * g.c
			dy := tensor.NewRNG(8).Normal(tensor.Float32, 0, 1, ny).Float32s()
			want, got := make([]float32, ny), make([]float32, ny)
			maxPoolRun(&g, maxPoolForward, want, x, nil)
			maxPool2x2Run(maxPool2x2Task{g: g, x: x, y: got})
			sameBits32(t, "y", s, got, want)
			wantDx, gotDx := make([]float32, len(x)), make([]float32, len(x))
			for i := range gotDx {
				gotDx[i] = 99 // every element must be written
			}
			maxPoolRun(&g, maxPoolBackward, wantDx, x, dy)
			maxPool2x2Run(maxPool2x2Task{g: g, x: x, dy: dy, dx: gotDx})
			sameBits32(t, "dx", s, gotDx, wantDx)
		}
	}
}

// sameBits32 fails unless got and want hold the same bits.
func sameBits32(t *testing.T, what string, s [4]int, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%v: %s[%d] = %v, want %v", s, what, i, got[i], want[i])
		}
	}
}

// Hand-computed 2×2 pooling of a 2×3 image with two channels (the last
// column is dropped): maxima, ties to the first element, and the gradient
// at the arg-maxes.
func TestMaxPool2x2KnownValues(t *testing.T) {
	// Channel 0: rows (1 5 9), (3 2 9); channel 1: rows (4 4 0), (4 1 0).
	x := []float32{1, 4, 5, 4, 9, 0, 3, 4, 2, 1, 9, 0}
	g, err := poolGeom(Pool2DOptions{}, tensor.Shape{1, 2, 3, 2})
	if err != nil || !g.pool2x2() {
		t.Fatalf("geometry %+v, %v", g, err)
	}
	y := make([]float32, 2)
	maxPool2x2Run(maxPool2x2Task{g: g, x: x, y: y})
	if y[0] != 5 || y[1] != 4 {
		t.Errorf("y = %v, want [5 4]", y)
	}
	dx := make([]float32, len(x))
	maxPool2x2Run(maxPool2x2Task{g: g, x: x, dy: []float32{10, 20}, dx: dx})
	want := []float32{0, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	for i := range want {
		if dx[i] != want[i] {
			t.Fatalf("dx = %v, want %v", dx, want)
		}
	}
}
