package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// sameExtremum reports whether a and b are the same value, counting -0
// and +0 as the same (the sign of a zero extremum is unspecified).
func sameExtremum[T scalar](a, b T) bool { return a == b && a == 0 || same(a, b) }

// noNaN returns a copy of x with every NaN replaced by 1.
func noNaN[T scalar](x []T) []T {
	y := append([]T(nil), x...)
	for i, v := range y {
		if v != v {
			y[i] = 1
		}
	}
	return y
}

func testMaxMin[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, n := range append(seq(1, 70), 127, 128, 129, 1000, 4099) {
		raw := ewRand[T](r, n)
		for _, x := range [][]T{unaligned(raw, n%4), unaligned(noNaN(raw), n%3)} {
			for _, least := range []bool{false, true} {
				f, name := Max[T], "Max"
				if least {
					f, name = Min[T], "Min"
				}
				got := f(x)
				var want T
				withGo(func() { want = f(x) })
				if !sameExtremum(got, want) {
					t.Fatalf("%s of %d elements = %v, Go kernel gives %v", name, n, got, want)
				}
			}
		}
	}
}

func TestMaxMin(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testMaxMin[float32])
		t.Run("float64", testMaxMin[float64])
	})
}

func testColMaxMin[T scalar](t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for _, w := range append(seq(0, 70), 127, 128, 129, 255, 256, 1000) {
		for _, rows := range []int{1, 2, 7} {
			stride := w + rows%3
			raw := ewRand[T](r, max(1, (rows-1)*stride+w))
			for _, x := range [][]T{unaligned(raw, w%4), unaligned(noNaN(raw), w%3)} {
				for _, least := range []bool{false, true} {
					f, name := ColMax[T], "ColMax"
					if least {
						f, name = ColMin[T], "ColMin"
					}
					got, want := make([]T, w), make([]T, w)
					f(got, x, rows, stride)
					withGo(func() { f(want, x, rows, stride) })
					for j := range want {
						if !sameExtremum(got[j], want[j]) {
							t.Fatalf("%s w %d rows %d stride %d: column %d = %v, Go kernel gives %v", name, w, rows, stride, j, got[j], want[j])
						}
					}
				}
			}
		}
	}
}

func TestColMaxMin(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		t.Run("float32", testColMaxMin[float32])
		t.Run("float64", testColMaxMin[float64])
	})
}

// seq returns lo, lo+1, ..., hi.
func seq(lo, hi int) []int {
	s := make([]int, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		s = append(s, i)
	}
	return s
}

// TestMaxMinKnown pins the values and the NaN rules of Max, Min, ColMax
// and ColMin, with whatever kernels the machine uses.
func TestMaxMinKnown(t *testing.T) {
	inf := math.Inf(1)
	nan1 := math.Float64frombits(0x7ff8000000000001)
	nan2 := math.Float64frombits(0x7ff8000000000002)
	long := make([]float64, 100)
	for i := range long {
		long[i] = float64(i%17) - 8
	}
	long[61], long[77] = nan1, nan2
	cases := []struct {
		x        []float64
		max, min float64
	}{
		{[]float64{3, -1, 7, 2}, 7, -1},
		{[]float64{-inf}, -inf, -inf},
		{[]float64{inf, -inf, 0}, inf, -inf},
		{append(seqF(0, 40), -5), 40, -5},
		{long, nan1, nan1}, // the first NaN
	}
	for _, c := range cases {
		for _, dt := range []string{"float32", "float64"} {
			var gotMax, gotMin float64
			if dt == "float32" {
				x := make([]float32, len(c.x))
				for i, v := range c.x {
					x[i] = float32(v)
				}
				gotMax, gotMin = float64(Max(x)), float64(Min(x))
			} else {
				gotMax, gotMin = Max(c.x), Min(c.x)
			}
			if !sameFloat(gotMax, c.max) || !sameFloat(gotMin, c.min) {
				t.Errorf("%s Max, Min of %v = %v, %v; want %v, %v", dt, c.x, gotMax, gotMin, c.max, c.min)
			}
		}
	}
	// A 3×2 block with stride 3: columns {1, 4, -2} and {5, 2, NaN}.
	x := []float64{1, 5, 99, 4, 2, 99, -2, math.NaN()}
	gotMax, gotMin := make([]float64, 2), make([]float64, 2)
	ColMax(gotMax, x, 3, 3)
	ColMin(gotMin, x, 3, 3)
	if gotMax[0] != 4 || !math.IsNaN(gotMax[1]) || gotMin[0] != -2 || !math.IsNaN(gotMin[1]) {
		t.Errorf("ColMax, ColMin = %v, %v; want [4 NaN], [-2 NaN]", gotMax, gotMin)
	}
}

// seqF returns lo, lo+1, ..., hi as float64.
func seqF(lo, hi int) []float64 {
	s := make([]float64, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		s = append(s, float64(i))
	}
	return s
}

// sameFloat reports whether a and b are the same value, NaNs compared by
// their float32 payload bits (a float32 conversion keeps the payload).
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.Float32bits(float32(a)) == math.Float32bits(float32(b))
	}
	return a == b
}

func ExampleColMax() {
	// The maximum over axis 0 of a 3×2 matrix (row stride 2).
	x := []float32{1, 5, 4, 2, -2, 7}
	o := make([]float32, 2)
	ColMax(o, x, 3, 2)
	fmt.Println(o, Max(x), Min(x))
	// Output: [4 7] 7 -2
}
