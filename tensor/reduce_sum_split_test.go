package tensor

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
)

// colSumRef returns the column sums of the (r, inner) block x in float64,
// row by row.
func colSumRef[T Float](x []T, r, inner int) []float64 {
	s := make([]float64, inner)
	for i := range r {
		for j := range inner {
			s[j] += float64(x[i*inner+j])
		}
	}
	return s
}

// TestSumColsSplitKnown checks the split sum on a block whose column sums
// are known: column j of a 1000-row block of j+1 sums to 1000·(j+1).
func TestSumColsSplitKnown(t *testing.T) {
	const r, inner = 1000, 5
	x := make([]float32, r*inner)
	for i := range x {
		x[i] = float32(i%inner + 1)
	}
	for _, parts := range []int{2, 3, 7, 16} {
		out := make([]float32, inner)
		sumColsSplit(x, out, r, inner, parts)
		for j, v := range out {
			if v != float32(1000*(j+1)) {
				t.Errorf("parts %d: column %d = %v, want %v", parts, j, v, 1000*(j+1))
			}
		}
	}
}

// TestSumColsSplitRandom compares split sums of random blocks, in every
// number of parts, rows not a multiple of it, with the row-by-row float64
// sum, and checks that repeated runs agree bit for bit.
func TestSumColsSplitRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, inner := range []int{1, 3, 32, 64, reduceBlock} {
		r := 4099
		x := make([]float32, r*inner)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		want := colSumRef(x, r, inner)
		for parts := 2; parts <= splitParts; parts++ {
			a, b := make([]float32, inner), make([]float32, inner)
			sumColsSplit(x, a, r, inner, parts)
			sumColsSplit(x, b, r, inner, parts)
			for j := range a {
				if math.Float32bits(a[j]) != math.Float32bits(b[j]) {
					t.Fatalf("inner %d parts %d: column %d differs between runs: %v, %v", inner, parts, j, a[j], b[j])
				}
				if !redClose(float64(a[j]), float32Round(want[j]), 1e-6) {
					t.Fatalf("inner %d parts %d: column %d = %v, want %v", inner, parts, j, a[j], want[j])
				}
			}
		}
	}
}

// float32Round rounds v to float32 and back.
func float32Round(v float64) float64 { return float64(float32(v)) }

// TestSumSplitThroughSum runs tall column sums through Sum and SumTo (which
// split them by rows when there are several cores), with outer slabs, in
// both float dtypes, against the float64 reference.
func TestSumSplitThroughSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const outer, r, inner = 3, 6000, 32
	for _, d := range []DType{Float32, Float64} {
		x := New(d, outer, r, inner)
		vals := make([]float64, outer*r*inner)
		for i := range vals {
			vals[i] = rng.Float64() - 0.5
		}
		switch d {
		case Float32:
			for i, v := range vals {
				x.Float32s()[i] = float32(v)
				vals[i] = float64(float32(v))
			}
		case Float64:
			copy(x.Float64s(), vals)
		}
		got := Sum(x, []int{1}, false)
		first := got.Values()
		for o := range outer {
			want := colSumRef(vals[o*r*inner:(o+1)*r*inner], r, inner)
			for j := range inner {
				if !redClose(first[o*inner+j], want[j], redTol(d)) {
					t.Fatalf("%v: sum[%d, %d] = %v, want %v", d, o, j, first[o*inner+j], want[j])
				}
			}
		}
		again := Sum(x, []int{1}, false).Values()
		for i := range first {
			if math.Float64bits(first[i]) != math.Float64bits(again[i]) {
				t.Fatalf("%v: element %d differs between runs", d, i)
			}
		}
		st := SumTo(x.Reshape(outer*r, inner), Shape{inner}).Values()
		want := colSumRef(vals, outer*r, inner)
		for j := range inner {
			if !redClose(st[j], want[j], redTol(d)) {
				t.Fatalf("%v: SumTo[%d] = %v, want %v", d, j, st[j], want[j])
			}
		}
	}
}

// TestSumSameAtAnyWidth checks that a tall column sum rounds the same when
// the pool is one worker wide (GOMAXPROCS 1, or the governor narrowing it
// on a busy machine) as when it is wider: the path a sum takes must depend
// only on its shape.
func TestSumSameAtAnyWidth(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []DType{Float32, Float64} {
		vals := make([]float64, 6000*32)
		for i := range vals {
			vals[i] = rng.Float64() - 0.5
		}
		x := Cast(FromSlice(vals, 6000, 32), d)
		wide := Sum(x, []int{0}, false).Values()
		prev := runtime.GOMAXPROCS(1)
		for range 2048 { // Workers reads GOMAXPROCS again every 1024 calls
			parallel.Workers()
		}
		narrow := Sum(x, []int{0}, false).Values()
		runtime.GOMAXPROCS(prev)
		for range 2048 {
			parallel.Workers()
		}
		for i := range wide {
			if math.Float64bits(wide[i]) != math.Float64bits(narrow[i]) {
				t.Fatalf("%v: column %d is %v with many workers and %v with one", d, i, wide[i], narrow[i])
			}
		}
	}
}
