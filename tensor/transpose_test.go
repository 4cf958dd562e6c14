package tensor

import (
	"math/rand/v2"
	"testing"
)

// shpNaiveTranspose permutes x by walking every output multi-index and
// reading the input element it names.
func shpNaiveTranspose(x *Tensor, perm []int) []float64 {
	in := x.Shape()
	r := len(in)
	if len(perm) == 0 {
		for i := r - 1; i >= 0; i-- {
			perm = append(perm, i)
		}
	}
	outShape := make(Shape, r)
	for i, p := range perm {
		outShape[i] = in[p]
	}
	xs := x.Values()
	inStrides := in.Strides()
	out := make([]float64, outShape.Size())
	idx := make([]int, r)
	for o := range out {
		rem := o
		for i := r - 1; i >= 0; i-- {
			idx[i] = rem % outShape[i]
			rem /= outShape[i]
		}
		off := 0
		for i, p := range perm {
			off += idx[i] * inStrides[p]
		}
		out[o] = xs[off]
	}
	return out
}

func TestTransposePinned(t *testing.T) {
	cases := []struct {
		name  string
		shape []int
		perm  []int
		want  Shape
		data  []float64
	}{
		{"2x3", []int{2, 3}, nil, Shape{3, 2}, []float64{0, 3, 1, 4, 2, 5}},
		{"2x3 explicit", []int{2, 3}, []int{1, 0}, Shape{3, 2}, []float64{0, 3, 1, 4, 2, 5}},
		{"2x3 identity", []int{2, 3}, []int{0, 1}, Shape{2, 3}, []float64{0, 1, 2, 3, 4, 5}},
		{"2x3x2 swap01", []int{2, 3, 2}, []int{1, 0, 2}, Shape{3, 2, 2},
			[]float64{0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}},
		{"2x3x2 reverse", []int{2, 3, 2}, nil, Shape{2, 3, 2},
			[]float64{0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11}},
		{"2x3x2 negative perm", []int{2, 3, 2}, []int{-1, 0, -2}, Shape{2, 2, 3},
			[]float64{0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}},
		{"vector", []int{4}, nil, Shape{4}, []float64{0, 1, 2, 3}},
		{"scalar", nil, nil, Shape{}, []float64{0}},
		{"zero-size", []int{0, 3}, nil, Shape{3, 0}, nil},
		{"zero-size 3d", []int{2, 0, 3}, []int{2, 0, 1}, Shape{3, 2, 0}, nil},
	}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			x := shpSeq(dt, c.shape...)
			shpCheck(t, "Transpose "+c.name, Transpose(x, c.perm...), dt, c.want, c.data)
			dst := New(dt, c.want...)
			TransposeInto(dst, x, c.perm...)
			shpCheck(t, "TransposeInto "+c.name, dst, dt, c.want, c.data)
		}
	}
}

func TestTranspose2DMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{1, 1}, {1, 3}, {3, 1}, {3, 3}, {17, 17}, {17, 3}, {33, 65}, {65, 33}, {300, 257}}
	for _, dt := range shpDTypes {
		for _, s := range sizes {
			x := shpRand(rng, dt, s[0], s[1])
			shpCheck(t, "Transpose "+Shape(s[:]).String(), Transpose(x), dt, Shape{s[1], s[0]}, shpNaiveTranspose(x, nil))
		}
	}
}

func TestTransposeNDMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		shape []int
		perms [][]int
	}{
		{[]int{2, 3, 4}, [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}},
		{[]int{5, 1, 7}, [][]int{{0, 2, 1}, {1, 2, 0}, {2, 0, 1}}},
		{[]int{3, 4, 5, 6}, [][]int{{0, 2, 1, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}, {0, 1, 3, 2}, {2, 3, 0, 1}}},
		{[]int{8, 16, 33, 40}, [][]int{{0, 2, 1, 3}, {0, 1, 3, 2}, {3, 1, 2, 0}, {2, 0, 3, 1}}},
		{[]int{2, 3, 1, 4, 5}, [][]int{{4, 2, 0, 3, 1}, {1, 0, 2, 4, 3}}},
	}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			x := shpRand(rng, dt, c.shape...)
			for _, p := range c.perms {
				want := make(Shape, len(p))
				for i, a := range p {
					want[i] = c.shape[a]
				}
				shpCheck(t, "Transpose "+Shape(c.shape).String()+Shape(p).String(), Transpose(x, p...), dt, want, shpNaiveTranspose(x, p))
			}
		}
	}
}

func TestTransposeErrors(t *testing.T) {
	x := New(Float32, 2, 3, 4)
	shpWantErr(t, "short perm", func() { Transpose(x, 1, 0) }, "tensor.Transpose", "(2, 3, 4)", "[1 0]")
	shpWantErr(t, "repeat", func() { Transpose(x, 0, 1, 1) }, "tensor.Transpose", "not a permutation", "(2, 3, 4)")
	shpWantErr(t, "repeat negative", func() { Transpose(x, 0, 2, -1) }, "tensor.Transpose", "not a permutation")
	shpWantErr(t, "out of range", func() { Transpose(x, 0, 1, 3) }, "tensor.Transpose", "axis 3", "(2, 3, 4)")
	shpWantErr(t, "into shape", func() { TransposeInto(New(Float32, 2, 3, 4), x) }, "tensor.TransposeInto", "(2, 3, 4)", "(4, 3, 2)")
	shpWantErr(t, "into dtype", func() { TransposeInto(New(Float64, 4, 3, 2), x) }, "tensor.TransposeInto", "float64", "float32")
	shpWantErr(t, "into perm", func() { TransposeInto(New(Float32, 4, 3, 2), x, 2, 2, 0) }, "tensor.TransposeInto", "not a permutation")
}

func TestTransposeIntoDoesNotAllocate(t *testing.T) {
	x := shpSeq(Float32, 10, 7)
	dst := New(Float32, 7, 10)
	y := shpSeq(Float64, 3, 4, 5)
	dy := New(Float64, 5, 3, 4)
	if n := testing.AllocsPerRun(20, func() {
		TransposeInto(dst, x)
		TransposeInto(dy, y, 2, 0, 1)
	}); n != 0 {
		t.Fatalf("TransposeInto allocates %v times per call", n)
	}
}

func BenchmarkTranspose1024(b *testing.B) {
	x := shpRand(rand.New(rand.NewPCG(5, 6)), Float32, 1024, 1024)
	dst := New(Float32, 1024, 1024)
	b.SetBytes(2 * 4 * 1024 * 1024)
	for b.Loop() {
		TransposeInto(dst, x)
	}
}

func BenchmarkTranspose1024Alloc(b *testing.B) {
	x := shpRand(rand.New(rand.NewPCG(5, 6)), Float32, 1024, 1024)
	b.SetBytes(2 * 4 * 1024 * 1024)
	for b.Loop() {
		Transpose(x)
	}
}

func BenchmarkTranspose4D(b *testing.B) {
	x := shpRand(rand.New(rand.NewPCG(5, 6)), Float32, 32, 64, 16, 64)
	dst := New(Float32, 32, 16, 64, 64)
	b.SetBytes(2 * 4 * int64(x.Size()))
	for b.Loop() {
		TransposeInto(dst, x, 0, 2, 1, 3)
	}
}
