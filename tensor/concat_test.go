package tensor

import (
	"math/rand/v2"
	"testing"
)

func TestConcatPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		a := shpSeq(dt, 2, 2)                                     // [0 1] [2 3]
		b := shpMake(dt, []float64{10, 11, 12, 13, 14, 15}, 2, 3) // [10 11 12] [13 14 15]
		c := shpMake(dt, []float64{20, 21}, 1, 2)
		shpCheck(t, "Concat axis 1", Concat(1, a, b), dt, Shape{2, 5}, []float64{0, 1, 10, 11, 12, 2, 3, 13, 14, 15})
		shpCheck(t, "Concat axis -1", Concat(-1, b, a), dt, Shape{2, 5}, []float64{10, 11, 12, 0, 1, 13, 14, 15, 2, 3})
		shpCheck(t, "Concat axis 0", Concat(0, a, c, a), dt, Shape{5, 2}, []float64{0, 1, 2, 3, 20, 21, 0, 1, 2, 3})
		shpCheck(t, "Concat one", Concat(0, c), dt, Shape{1, 2}, []float64{20, 21})
		shpCheck(t, "Concat zero-size operand", Concat(0, New(dt, 0, 2), c), dt, Shape{1, 2}, []float64{20, 21})
		shpCheck(t, "Concat vectors", Concat(0, shpSeq(dt, 2), shpSeq(dt, 3)), dt, Shape{5}, []float64{0, 1, 0, 1, 2})
		dst := New(dt, 2, 5)
		ConcatInto(dst, 1, a, b)
		shpCheck(t, "ConcatInto", dst, dt, Shape{2, 5}, []float64{0, 1, 10, 11, 12, 2, 3, 13, 14, 15})
	}
}

func TestStackPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		a := shpSeq(dt, 2, 2)
		b := shpMake(dt, []float64{10, 11, 12, 13}, 2, 2)
		shpCheck(t, "Stack 0", Stack(0, a, b), dt, Shape{2, 2, 2}, []float64{0, 1, 2, 3, 10, 11, 12, 13})
		shpCheck(t, "Stack 1", Stack(1, a, b), dt, Shape{2, 2, 2}, []float64{0, 1, 10, 11, 2, 3, 12, 13})
		shpCheck(t, "Stack -1", Stack(-1, a, b), dt, Shape{2, 2, 2}, []float64{0, 10, 1, 11, 2, 12, 3, 13})
		shpCheck(t, "Stack three", Stack(1, a, b, a), dt, Shape{2, 3, 2}, []float64{0, 1, 10, 11, 0, 1, 2, 3, 12, 13, 2, 3})
		shpCheck(t, "Stack scalars", Stack(0, shpMake(dt, []float64{4}), shpMake(dt, []float64{5})), dt, Shape{2}, []float64{4, 5})
	}
}

func TestSplitPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		x := shpSeq(dt, 2, 5)
		ps := Split(x, 1, 2, 0, 3)
		if len(ps) != 3 {
			t.Fatalf("Split gave %d pieces", len(ps))
		}
		shpCheck(t, "Split piece 0", ps[0], dt, Shape{2, 2}, []float64{0, 1, 5, 6})
		shpCheck(t, "Split piece 1", ps[1], dt, Shape{2, 0}, nil)
		shpCheck(t, "Split piece 2", ps[2], dt, Shape{2, 3}, []float64{2, 3, 4, 7, 8, 9})
		ps = Split(x, 0, 1, 1)
		shpCheck(t, "Split rows 1", ps[1], dt, Shape{1, 5}, []float64{5, 6, 7, 8, 9})
	}
}

func TestConcatSplitRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	cases := []struct {
		shape []int
		axis  int
		sizes []int
	}{
		{[]int{4, 6}, 1, []int{1, 3, 2}},
		{[]int{4, 6}, 0, []int{4}},
		{[]int{3, 7, 5}, -2, []int{2, 0, 5}},
		{[]int{300, 90, 4}, 1, []int{30, 50, 10}}, // large: parallel copies
		{[]int{20000, 3}, 0, []int{5000, 15000}},
	}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			x := shpRand(rng, dt, c.shape...)
			ps := Split(x, c.axis, c.sizes...)
			y := Concat(c.axis, ps...)
			shpCheck(t, "Concat(Split) "+Shape(c.shape).String(), y, dt, x.Shape(), x.Values())
			again := Split(y, c.axis, c.sizes...)
			for i := range ps {
				shpCheck(t, "Split(Concat)", again[i], dt, ps[i].Shape(), ps[i].Values())
			}
		}
	}
}

func TestStackMatchesConcatOfExpandDims(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	a, b, c := shpRand(rng, Float32, 3, 4), shpRand(rng, Float32, 3, 4), shpRand(rng, Float32, 3, 4)
	for axis := -3; axis <= 2; axis++ {
		want := Concat(axis, ExpandDims(a, axis), ExpandDims(b, axis), ExpandDims(c, axis))
		shpCheck(t, "Stack", Stack(axis, a, b, c), Float32, want.Shape(), want.Values())
	}
}

func TestConcatErrors(t *testing.T) {
	a, b, c := New(Float32, 2, 3), New(Float32, 2, 4), New(Float32, 3, 4)
	shpWantErr(t, "dims", func() { Concat(1, a, b, c) }, "tensor.Concat", "operand 2", "(2, 3)", "(3, 4)")
	shpWantErr(t, "rank", func() { Concat(0, a, New(Float32, 3)) }, "tensor.Concat", "operand 1", "(2, 3)", "(3,)")
	shpWantErr(t, "dtype", func() { Concat(0, a, New(Float64, 2, 3)) }, "tensor.Concat", "operand 1", "float64", "float32")
	shpWantErr(t, "none", func() { Concat(0) }, "tensor.Concat", "no tensors")
	shpWantErr(t, "axis", func() { Concat(2, a, a) }, "tensor.Concat", "axis 2")
	shpWantErr(t, "into", func() { ConcatInto(New(Float32, 2, 6), 1, a, b) }, "tensor.ConcatInto", "(2, 6)", "(2, 7)")
	shpWantErr(t, "stack shapes", func() { Stack(0, a, a, b) }, "tensor.Stack", "operand 2", "(2, 3)", "(2, 4)")
	shpWantErr(t, "stack axis", func() { Stack(3, a, a) }, "tensor.Stack", "axis 3")
	shpWantErr(t, "stack none", func() { Stack(0) }, "tensor.Stack", "no tensors")
	shpWantErr(t, "split sum", func() { Split(a, 1, 1, 1) }, "tensor.Split", "sum to 2", "size 3", "(2, 3)")
	shpWantErr(t, "split negative", func() { Split(a, 1, 4, -1) }, "tensor.Split", "negative size -1", "(2, 3)")
}

func TestConcatIntoDoesNotAllocate(t *testing.T) {
	a, b := shpSeq(Float64, 3, 2), shpSeq(Float64, 3, 5)
	dst := New(Float64, 3, 7)
	ts := []*Tensor{a, b}
	if n := testing.AllocsPerRun(20, func() { ConcatInto(dst, 1, ts...) }); n != 0 {
		t.Fatalf("ConcatInto allocates %v times per call", n)
	}
}
