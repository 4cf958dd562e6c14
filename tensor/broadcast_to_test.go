package tensor

import (
	"math/rand/v2"
	"testing"
)

func TestBroadcastToPinned(t *testing.T) {
	cases := []struct {
		name string
		from []int
		to   []int
		data []float64
	}{
		{"row", []int{3}, []int{2, 3}, []float64{0, 1, 2, 0, 1, 2}},
		{"column", []int{2, 1}, []int{2, 3}, []float64{0, 0, 0, 1, 1, 1}},
		{"scalar", nil, []int{2, 2}, []float64{0, 0, 0, 0}},
		{"both ways", []int{2, 1}, []int{3, 2, 2}, []float64{0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1}},
		{"middle", []int{2, 1, 2}, []int{2, 3, 2}, []float64{0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3}},
		{"same", []int{2, 2}, []int{2, 2}, []float64{0, 1, 2, 3}},
		{"to zero-size", []int{1, 3}, []int{0, 3}, nil},
		{"zero-size", []int{0, 1}, []int{2, 0, 4}, nil},
	}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			x := shpSeq(dt, c.from...)
			shpCheck(t, "BroadcastTo "+c.name, BroadcastTo(x, c.to...), dt, Shape(c.to), c.data)
			dst := New(dt, c.to...)
			BroadcastToInto(dst, x)
			shpCheck(t, "BroadcastToInto "+c.name, dst, dt, Shape(c.to), c.data)
		}
	}
}

func TestBroadcastToLargeMatchesAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	x := shpRand(rng, Float32, 7, 1, 33)
	y := BroadcastTo(x, 5, 7, 200, 33)
	for a := 0; a < 5; a++ {
		for i := 0; i < 7; i++ {
			for j := 0; j < 200; j++ {
				for k := 0; k < 33; k++ {
					if y.At(a, i, j, k) != x.At(i, 0, k) {
						t.Fatalf("y[%d,%d,%d,%d] = %v, want %v", a, i, j, k, y.At(a, i, j, k), x.At(i, 0, k))
					}
				}
			}
		}
	}
	z := BroadcastTo(shpRand(rng, Float64, 300, 1), 300, 200) // stride-0 rows
	for i := 0; i < 300; i++ {
		for j := 0; j < 200; j++ {
			if z.At(i, j) != z.At(i, 0) {
				t.Fatalf("z[%d,%d] = %v, want %v", i, j, z.At(i, j), z.At(i, 0))
			}
		}
	}
}

func TestBroadcastToErrors(t *testing.T) {
	x := New(Float32, 2, 3)
	shpWantErr(t, "mismatch", func() { BroadcastTo(x, 3, 3) }, "tensor.BroadcastTo", "(2, 3)", "(3, 3)")
	shpWantErr(t, "fewer dims", func() { BroadcastTo(x, 3) }, "tensor.BroadcastTo", "(2, 3)", "(3,)")
	shpWantErr(t, "negative", func() { BroadcastTo(x, -2, 3) }, "tensor.BroadcastTo", "negative")
	shpWantErr(t, "into", func() { BroadcastToInto(New(Float32, 4, 2, 2), x) }, "tensor.BroadcastToInto", "(2, 3)", "(4, 2, 2)")
	shpWantErr(t, "into dtype", func() { BroadcastToInto(New(Int64, 2, 3), x) }, "tensor.BroadcastToInto", "int64", "float32")
}

func TestBroadcastToIntoDoesNotAllocate(t *testing.T) {
	x := shpSeq(Float32, 3, 1)
	dst := New(Float32, 4, 3, 5)
	if n := testing.AllocsPerRun(20, func() { BroadcastToInto(dst, x) }); n != 0 {
		t.Fatalf("BroadcastToInto allocates %v times per call", n)
	}
}
