package tensor

import (
	"math/rand/v2"
	"testing"
)

func TestGatherPinned(t *testing.T) {
	// x is the (3, 2) matrix 0..5.
	cases := []struct {
		name string
		idx  []int
		axis int
		want Shape
		data []float64
	}{
		{"rows with repeat", []int{2, 0, 2}, 0, Shape{3, 2}, []float64{4, 5, 0, 1, 4, 5}},
		{"cols", []int{1, 1, 0}, 1, Shape{3, 3}, []float64{1, 1, 0, 3, 3, 2, 5, 5, 4}},
		{"negative axis", []int{1}, -1, Shape{3, 1}, []float64{1, 3, 5}},
		{"no indices", nil, 0, Shape{0, 2}, nil},
	}
	for _, dt := range shpDTypes {
		x := shpSeq(dt, 3, 2)
		for _, c := range cases {
			shpCheck(t, "Gather "+c.name, Gather(x, c.idx, c.axis), dt, c.want, c.data)
			dst := New(dt, c.want...)
			GatherInto(dst, x, c.idx, c.axis)
			shpCheck(t, "GatherInto "+c.name, dst, dt, c.want, c.data)
		}
		shpCheck(t, "GatherRows", GatherRows(x, []int{1, 0}), dt, Shape{2, 2}, []float64{2, 3, 0, 1})
		shpCheck(t, "Gather 3-D middle", Gather(shpSeq(dt, 2, 3, 2), []int{2, 0}, 1), dt, Shape{2, 2, 2},
			[]float64{4, 5, 0, 1, 10, 11, 6, 7})
		shpCheck(t, "Gather zero-size", Gather(New(dt, 3, 0), []int{2, 2}, 0), dt, Shape{2, 0}, nil)
	}
}

func TestGatherTPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		table := shpSeq(dt, 4, 2) // rows [0 1] [2 3] [4 5] [6 7]
		idx := FromSlice([]int64{3, 0, 1, 1, 2, 3}, 2, 3)
		shpCheck(t, "GatherT embedding", GatherT(table, idx, 0), dt, Shape{2, 3, 2},
			[]float64{6, 7, 0, 1, 2, 3, 2, 3, 4, 5, 6, 7})
		x := shpSeq(dt, 2, 3, 2)
		shpCheck(t, "GatherT axis 1", GatherT(x, FromSlice([]int64{2, 0}), 1), dt, Shape{2, 2, 2},
			[]float64{4, 5, 0, 1, 10, 11, 6, 7})
		shpCheck(t, "GatherT last axis 2-D idx", GatherT(x, FromSlice([]int64{1, 1, 0, 1}, 2, 2), -1), dt, Shape{2, 3, 2, 2},
			[]float64{1, 1, 0, 1, 3, 3, 2, 3, 5, 5, 4, 5, 7, 7, 6, 7, 9, 9, 8, 9, 11, 11, 10, 11})
		shpCheck(t, "GatherT scalar idx", GatherT(table, Scalar[int64](2), 0), dt, Shape{2}, []float64{4, 5})
		dst := New(dt, 2, 3, 2)
		GatherTInto(dst, table, idx, 0)
		shpCheck(t, "GatherTInto", dst, dt, Shape{2, 3, 2}, []float64{6, 7, 0, 1, 2, 3, 2, 3, 4, 5, 6, 7})
	}
}

func TestGatherLargeMatchesAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := shpRand(rng, Float64, 500, 70)
	idx := make([]int, 600)
	for i := range idx {
		idx[i] = rng.IntN(500)
	}
	g := GatherRows(x, idx)
	for k, i := range idx {
		for j := 0; j < 70; j++ {
			if g.At(k, j) != x.At(i, j) {
				t.Fatalf("row %d col %d: %v, want %v", k, j, g.At(k, j), x.At(i, j))
			}
		}
	}
}

func TestScatterAddPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		dst := New(dt, 3, 2)
		upd := shpMake(dt, []float64{1, 2, 3, 4, 5, 6}, 3, 2)
		ScatterAdd(dst, FromSlice([]int64{0, 2, 0}), upd, 0)
		shpCheck(t, "ScatterAdd rows", dst, dt, Shape{3, 2}, []float64{6, 8, 0, 0, 3, 4})

		dst = shpMake(dt, []float64{1, 1, 1, 1}, 2, 2)
		upd = shpMake(dt, []float64{1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)
		ScatterAdd(dst, FromSlice([]int64{1, 1, 0, 1}, 2, 2), upd, 1)
		// row 0: col1 += 1+2+4, col0 += 3; row 1: col1 += 5+6+8, col0 += 7.
		shpCheck(t, "ScatterAdd cols, accumulating", dst, dt, Shape{2, 2}, []float64{4, 8, 8, 20})
	}
}

// shpDot returns the inner product of two tensors' values.
func shpDot(a, b *Tensor) float64 {
	av, bv := a.Values(), b.Values()
	s := 0.0
	for i := range av {
		s += av[i] * bv[i]
	}
	return s
}

func TestGatherScatterAdjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cases := []struct {
		x, idx []int
		axis   int
	}{
		{[]int{5, 3}, []int{4}, 0},
		{[]int{5, 3}, []int{2, 3}, 1},
		{[]int{2, 6, 3}, []int{7}, 1},
		{[]int{2, 6, 3}, []int{2, 2}, -1},
		{[]int{5, 3}, nil, 0},              // scalar index
		{[]int{100, 64}, []int{64, 10}, 0}, // large, one outer position
		{[]int{64, 50, 20}, []int{40}, 1},  // large, many outer positions
		{[]int{4, 0, 3}, []int{5}, 0},      // zero-size slices
		{[]int{4, 3}, []int{0}, 0},         // no indices
	}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			x := shpRand(rng, dt, c.x...)
			a := normAxis("test", c.axis, len(c.x))
			ix := make([]int64, Shape(c.idx).Size())
			for i := range ix {
				ix[i] = int64(rng.IntN(c.x[a]))
			}
			idx := FromSlice(ix, c.idx...)
			if len(c.idx) == 0 {
				idx = Scalar(ix[0])
			}
			g := GatherT(x, idx, c.axis)
			u := shpRand(rng, dt, g.Shape()...)
			s := New(dt, c.x...)
			ScatterAdd(s, idx, u, c.axis)
			if l, r := shpDot(g, u), shpDot(x, s); l != r {
				t.Errorf("%v x%v idx%v axis %d: <GatherT(x), u> = %v but <x, ScatterAdd(u)> = %v", dt, c.x, c.idx, c.axis, l, r)
			}
		}
	}
}

func TestGatherErrors(t *testing.T) {
	x := New(Float32, 5, 2)
	shpWantErr(t, "too big", func() { Gather(x, []int{1, 5}, 0) }, "tensor.Gather", "index 5", "size 5", "(5, 2)")
	shpWantErr(t, "negative", func() { Gather(x, []int{-1}, 0) }, "tensor.Gather", "negative index -1", "size 5", "(5, 2)")
	shpWantErr(t, "rows", func() { GatherRows(x, []int{7}) }, "tensor.GatherRows", "index 7", "size 5")
	shpWantErr(t, "axis", func() { Gather(x, []int{0}, 2) }, "tensor.Gather", "axis 2")
	shpWantErr(t, "into shape", func() { GatherInto(New(Float32, 3, 2), x, []int{0, 1}, 0) }, "tensor.GatherInto", "(3, 2)", "(2, 2)")
	shpWantErr(t, "GatherT float idx", func() { GatherT(x, New(Float32, 2), 0) }, "tensor.GatherT", "int64", "float32")
	shpWantErr(t, "GatherT range", func() { GatherT(x, FromSlice([]int64{0, 2}, 1, 2), 1) }, "tensor.GatherT", "index 2", "size 2")
	shpWantErr(t, "GatherTInto shape", func() { GatherTInto(New(Float32, 2, 2), x, FromSlice([]int64{0, 1}, 1, 2), 0) },
		"tensor.GatherTInto", "(2, 2)", "(1, 2, 2)")

	dst := New(Float64, 4, 3)
	idx := FromSlice([]int64{0, 3})
	shpWantErr(t, "scatter updates shape", func() { ScatterAdd(dst, idx, New(Float64, 3, 3), 0) },
		"tensor.ScatterAdd", "(2, 3)", "(4, 3)", "(3, 3)")
	shpWantErr(t, "scatter dtype", func() { ScatterAdd(dst, idx, New(Float32, 2, 3), 0) }, "tensor.ScatterAdd", "float32", "float64")
	shpWantErr(t, "scatter index", func() { ScatterAdd(dst, FromSlice([]int64{4}), New(Float64, 1, 3), 0) }, "tensor.ScatterAdd", "index 4", "size 4")
	shpWantErr(t, "scatter idx dtype", func() { ScatterAdd(dst, New(Float64, 2), New(Float64, 2, 3), 0) }, "tensor.ScatterAdd", "int64")
}

func TestGatherIntoDoesNotAllocate(t *testing.T) {
	x := shpSeq(Float32, 10, 4)
	idx := []int{3, 1, 9}
	dst := New(Float32, 3, 4)
	ti := FromSlice([]int64{3, 1, 9, 0}, 2, 2)
	dt := New(Float32, 2, 2, 4)
	acc := New(Float32, 10, 4)
	if n := testing.AllocsPerRun(20, func() {
		GatherInto(dst, x, idx, 0)
		GatherTInto(dt, x, ti, 0)
		ScatterAdd(acc, ti, dt, 0)
	}); n != 0 {
		t.Fatalf("GatherInto/GatherTInto/ScatterAdd allocate %v times per call", n)
	}
}

func BenchmarkGatherRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	x := shpRand(rng, Float32, 10000, 784)
	idx := make([]int, 128)
	for i := range idx {
		idx[i] = rng.IntN(10000)
	}
	dst := New(Float32, 128, 784)
	b.SetBytes(2 * 4 * 128 * 784)
	for b.Loop() {
		GatherInto(dst, x, idx, 0)
	}
}
