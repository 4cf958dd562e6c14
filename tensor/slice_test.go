package tensor

import (
	"math/rand/v2"
	"testing"
)

func TestSlicePinned(t *testing.T) {
	// x is the (3, 4) matrix 0..11.
	cases := []struct {
		name             string
		axis, start, end int
		want             Shape
		data             []float64
	}{
		{"rows 1:3", 0, 1, 3, Shape{2, 4}, []float64{4, 5, 6, 7, 8, 9, 10, 11}},
		{"cols 1:-1", 1, 1, -1, Shape{3, 2}, []float64{1, 2, 5, 6, 9, 10}},
		{"cols -3:4", -1, -3, 4, Shape{3, 3}, []float64{1, 2, 3, 5, 6, 7, 9, 10, 11}},
		{"cols 3:4", 1, 3, 4, Shape{3, 1}, []float64{3, 7, 11}},
		{"all rows", 0, 0, 3, Shape{3, 4}, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{"empty", 0, 2, 2, Shape{0, 4}, nil},
		{"empty at end", 1, 4, 4, Shape{3, 0}, nil},
	}
	for _, dt := range shpDTypes {
		x := shpSeq(dt, 3, 4)
		for _, c := range cases {
			shpCheck(t, "Slice "+c.name, Slice(x, c.axis, c.start, c.end), dt, c.want, c.data)
			dst := New(dt, c.want...)
			SliceInto(dst, x, c.axis, c.start, c.end)
			shpCheck(t, "SliceInto "+c.name, dst, dt, c.want, c.data)
		}
		// Middle axis of a (2, 3, 2) tensor.
		shpCheck(t, "Slice 3-D", Slice(shpSeq(dt, 2, 3, 2), 1, 1, 3), dt, Shape{2, 2, 2}, []float64{2, 3, 4, 5, 8, 9, 10, 11})
		shpCheck(t, "Slice zero-size", Slice(New(dt, 0, 5), 1, 1, 4), dt, Shape{0, 3}, nil)
	}
}

func TestSliceCopies(t *testing.T) {
	x := shpSeq(Float64, 3, 4)
	s := Slice(x, 0, 0, 1)
	s.Set(99, 0, 0)
	if x.At(0, 0) != 0 {
		t.Fatal("Slice shares memory with its input")
	}
}

func TestSliceLargeMatchesAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := shpRand(rng, Float32, 40, 300, 7)
	s := Slice(x, 1, 13, 281)
	if !s.Shape().Equal(Shape{40, 268, 7}) {
		t.Fatalf("shape %v", s.Shape())
	}
	for i := 0; i < 40; i++ {
		for j := 0; j < 268; j++ {
			for k := 0; k < 7; k++ {
				if s.At(i, j, k) != x.At(i, j+13, k) {
					t.Fatalf("s[%d,%d,%d] = %v, want %v", i, j, k, s.At(i, j, k), x.At(i, j+13, k))
				}
			}
		}
	}
}

func TestSliceErrors(t *testing.T) {
	x := New(Float32, 3, 4)
	shpWantErr(t, "end past axis", func() { Slice(x, 1, 0, 5) }, "tensor.Slice", "[0, 5)", "size 4", "(3, 4)")
	shpWantErr(t, "start before axis", func() { Slice(x, 1, -5, 2) }, "tensor.Slice", "[-5, 2)", "(3, 4)")
	shpWantErr(t, "start after end", func() { Slice(x, 0, 2, 1) }, "tensor.Slice", "start 2 is after end 1", "(3, 4)")
	shpWantErr(t, "start after negative end", func() { Slice(x, 1, 3, -2) }, "tensor.Slice", "after end -2")
	shpWantErr(t, "bad axis", func() { Slice(x, 2, 0, 1) }, "tensor.Slice", "axis 2")
	shpWantErr(t, "into shape", func() { SliceInto(New(Float32, 3, 4), x, 0, 1, 2) }, "tensor.SliceInto", "(3, 4)", "(1, 4)")
	shpWantErr(t, "into dtype", func() { SliceInto(New(Int64, 1, 4), x, 0, 1, 2) }, "tensor.SliceInto", "int64", "float32")
}

func TestSliceIntoDoesNotAllocate(t *testing.T) {
	x := shpSeq(Float32, 6, 5, 4)
	dst := New(Float32, 6, 2, 4)
	if n := testing.AllocsPerRun(20, func() { SliceInto(dst, x, 1, 1, 3) }); n != 0 {
		t.Fatalf("SliceInto allocates %v times per call", n)
	}
}

func TestRows(t *testing.T) {
	for _, dt := range shpDTypes {
		x := shpSeq(dt, 4, 2)
		shpCheck(t, "Rows 1:3", Rows(x, 1, 3), dt, Shape{2, 2}, []float64{2, 3, 4, 5})
		shpCheck(t, "Rows -1:4", Rows(x, -1, 4), dt, Shape{1, 2}, []float64{6, 7})
		shpCheck(t, "Rows empty", Rows(x, 4, 4), dt, Shape{0, 2}, nil)
		shpCheck(t, "Rows vector", Rows(shpSeq(dt, 5), 1, -1), dt, Shape{3}, []float64{1, 2, 3})
	}

	x := shpSeq(Float32, 4, 2)
	v := Rows(x, 1, 3)
	v.Set(50, 1, 0)
	if x.At(2, 0) != 50 {
		t.Fatal("write through Rows view did not reach the original")
	}
	x.Set(-1, 1, 1)
	if v.At(0, 1) != -1 {
		t.Fatal("write to the original does not show in the Rows view")
	}
	shpWantErr(t, "out of range", func() { Rows(x, 2, 5) }, "tensor.Rows", "[2, 5)", "(4, 2)")
	shpWantErr(t, "reversed", func() { Rows(x, 3, 1) }, "tensor.Rows", "(4, 2)")
	shpWantErr(t, "scalar", func() { Rows(Scalar(1.0), 0, 1) }, "tensor.Rows", "rank 0")
}
