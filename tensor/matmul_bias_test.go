package tensor

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sameBits reports whether two float tensors hold bit-identical values.
func sameBits(a, b *Tensor) bool {
	av, bv := a.Values(), b.Values()
	if len(av) != len(bv) || !a.Shape().Equal(b.Shape()) {
		return false
	}
	for i := range av {
		if a.DType() == Float32 {
			if math.Float32bits(float32(av[i])) != math.Float32bits(float32(bv[i])) {
				return false
			}
		} else if math.Float64bits(av[i]) != math.Float64bits(bv[i]) {
			return false
		}
	}
	return true
}

// MatMulBiasInto equals MatMulTInto, AddInto and ReluInto run one after
// the other, bit for bit: for plain and batched (broadcast) products, all
// transposes, sizes on both sides of the kernel's small-problem path, a
// rank-1 and (for a result of rank 2 or more) a (1, n) bias or none, with
// and without the ReLU.
func TestMatMulBiasIntoMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cases := []struct{ a, b []int }{
		{[]int{3, 4}, []int{4, 5}},
		{[]int{128, 784}, []int{784, 64}},
		{[]int{2, 7, 6}, []int{6, 9}},        // batched, small: parallel over the batch
		{[]int{2, 40, 50}, []int{2, 50, 60}}, // batched, large
		{[]int{5}, []int{5, 3}},              // vector on the left
	}
	for _, d := range []DType{Float32, Float64} {
		for _, c := range cases {
			for tr := 0; tr < 4; tr++ {
				transA, transB := tr&1 != 0 && len(c.a) > 1, tr&2 != 0
				as, bs := append([]int(nil), c.a...), append([]int(nil), c.b...)
				if transA {
					as[len(as)-1], as[len(as)-2] = as[len(as)-2], as[len(as)-1]
				}
				if transB {
					bs[len(bs)-1], bs[len(bs)-2] = bs[len(bs)-2], bs[len(bs)-1]
				}
				a, b := mmRandom(d, rng, as...), mmRandom(d, rng, bs...)
				prod := MatMulT(a, b, transA, transB)
				n := prod.Dim(-1)
				biases := []*Tensor{nil, mmRandom(d, rng, n)}
				if prod.Rank() > 1 {
					biases = append(biases, mmRandom(d, rng, 1, n))
				}
				for _, bias := range biases {
					for _, relu := range []bool{false, true} {
						want := prod.Clone()
						if bias != nil {
							AddInto(want, want, bias)
						}
						if relu {
							ReluInto(want, want)
						}
						got := New(d, prod.Shape()...)
						got.Fill(math.NaN()) // dst is not read
						MatMulBiasInto(got, a, b, bias, transA, transB, relu)
						if !sameBits(got, want) {
							t.Fatalf("%v %v·%v trans %v,%v bias %v relu %v: fused differs from unfused",
								d, as, bs, transA, transB, bias != nil, relu)
						}
					}
				}
			}
		}
	}
}

// MatMulReluGradInto equals MatMulTInto followed by the mask, bit for
// bit, for plain and batched products, all transposes and both slopes.
func TestMatMulReluGradIntoMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	cases := []struct{ a, b []int }{
		{[]int{3, 4}, []int{4, 5}},
		{[]int{128, 256}, []int{256, 96}},
		{[]int{2, 7, 6}, []int{6, 9}},
		{[]int{2, 40, 50}, []int{2, 50, 60}},
	}
	for _, d := range []DType{Float32, Float64} {
		for _, c := range cases {
			for tr := 0; tr < 4; tr++ {
				transA, transB := tr&1 != 0, tr&2 != 0
				as, bs := append([]int(nil), c.a...), append([]int(nil), c.b...)
				if transA {
					as[len(as)-1], as[len(as)-2] = as[len(as)-2], as[len(as)-1]
				}
				if transB {
					bs[len(bs)-1], bs[len(bs)-2] = bs[len(bs)-2], bs[len(bs)-1]
				}
				a, b := mmRandom(d, rng, as...), mmRandom(d, rng, bs...)
				prod := MatMulT(a, b, transA, transB)
				y := mmRandom(d, rng, prod.Shape()...)
				for _, alpha := range []float64{0, 0.3} {
					want := prod.Clone()
					switch w := want.Raw().(type) { // the mask, in the dtype's arithmetic
					case []float32:
						for i, v := range y.Float32s() {
							if !(v > 0) {
								w[i] *= float32(alpha)
							}
						}
					case []float64:
						for i, v := range y.Float64s() {
							if !(v > 0) {
								w[i] *= alpha
							}
						}
					}
					got := New(d, prod.Shape()...)
					got.Fill(math.NaN())
					MatMulReluGradInto(got, a, b, y, transA, transB, alpha)
					if !sameBits(got, want) {
						t.Fatalf("%v %v·%v trans %v,%v alpha %v: fused differs from unfused", d, as, bs, transA, transB, alpha)
					}
				}
			}
		}
	}
}

// A hand-checked case: [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22],
// [43, 50]]; + [-20, -0.5] = [[-1, 21.5], [23, 49.5]]; ReLU zeroes the -1.
func TestMatMulBiasIntoKnownValues(t *testing.T) {
	a := FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	b := FromSlice([]float32{5, 6, 7, 8}, 2, 2)
	bias := FromSlice([]float32{-20, -0.5}, 2)
	got := New(Float32, 2, 2)
	MatMulBiasInto(got, a, b, bias, false, false, true)
	if want := []float32{0, 21.5, 23, 49.5}; !sameBits(got, FromSlice(want, 2, 2)) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestMatMulBiasIntoErrors(t *testing.T) {
	f := func(s ...int) *Tensor { return New(Float32, s...) }
	cases := []struct {
		name  string
		call  func()
		parts []string
	}{
		{"bias length", func() { MatMulBiasInto(f(2, 3), f(2, 2), f(2, 3), f(2), false, false, true) }, []string{"(2,)", "(3,)"}},
		{"bias rows", func() { MatMulBiasInto(f(2, 3), f(2, 2), f(2, 3), f(2, 3), false, false, true) }, []string{"(2, 3)", "bias"}},
		{"bias dtype", func() { MatMulBiasInto(f(2, 3), f(2, 2), f(2, 3), New(Float64, 3), false, false, false) }, []string{"float64", "(3,)"}},
		{"bias rank", func() { MatMulBiasInto(f(3), f(2), f(2, 3), f(1, 3), false, false, true) }, []string{"(1, 3)", "(3,)"}},
		{"vector b", func() { MatMulBiasInto(f(2), f(2, 3), f(3), nil, false, false, false) }, []string{"(2, 3)", "(3,)"}},
		{"dst", func() { MatMulBiasInto(f(3, 3), f(2, 2), f(2, 3), nil, false, false, false) }, []string{"(3, 3)", "(2, 3)"}},
		{"inner", func() { MatMulBiasInto(f(2, 3), f(2, 4), f(2, 3), nil, false, false, false) }, []string{"(2, 4)", "inner"}},
		{"y shape", func() { MatMulReluGradInto(f(2, 3), f(2, 2), f(2, 3), f(3, 2), false, false, 0) }, []string{"(3, 2)", "(2, 3)"}},
		{"y dtype", func() { MatMulReluGradInto(f(2, 3), f(2, 2), f(2, 3), New(Float64, 2, 3), false, false, 0) }, []string{"float64", "(2, 3)"}},
		{"vector a", func() { MatMulReluGradInto(f(3), f(2), f(2, 3), f(3), false, false, 0) }, []string{"(2,)", "(2, 3)"}},
	}
	for _, c := range cases {
		err := func() (err error) {
			defer Catch(&err)
			c.call()
			return nil
		}()
		var te *Error
		if !errors.As(err, &te) || !strings.HasPrefix(te.Op, "MatMul") {
			t.Errorf("%s: want a MatMulBiasInto or MatMulReluGradInto *Error, got %v", c.name, err)
			continue
		}
		for _, p := range c.parts {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("%s: message %q lacks %q", c.name, err, p)
			}
		}
	}
}

// Batched products of small matrices run in parallel through pooled
// tasks: a steady-state call allocates nothing.
func TestMatMulBatchedAllocatesNothing(t *testing.T) {
	if matmulRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	a, b := mmRandom(Float32, rng, 64, 8, 8), mmRandom(Float32, rng, 8, 8)
	bias := mmRandom(Float32, rng, 8)
	dst, y := New(Float32, 64, 8, 8), mmRandom(Float32, rng, 64, 8, 8)
	for name, call := range map[string]func(){
		"MatMulInto":         func() { MatMulInto(dst, a, b) },
		"MatMulBiasInto":     func() { MatMulBiasInto(dst, a, b, bias, false, false, true) },
		"MatMulReluGradInto": func() { MatMulReluGradInto(dst, a, b, y, false, false, 0) },
	} {
		call()
		if n := testing.AllocsPerRun(50, call); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}
