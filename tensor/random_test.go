package tensor

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// randomMoments returns the mean and population standard deviation of t.
func randomMoments(t *Tensor) (mean, std float64) {
	v := t.Values()
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)))
}

func TestRandomGoldenTensors(t *testing.T) {
	u := NewRNG(42).Uniform(Float64, 0, 1, 2, 2)
	want := []float64{0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876}
	if !u.Shape().Equal(Shape{2, 2}) || u.DType() != Float64 {
		t.Fatalf("Uniform gave %v %v", u.DType(), u.Shape())
	}
	for i, w := range u.Float64s() {
		if w != want[i] {
			t.Errorf("Uniform[%d] = %v, want %v", i, w, want[i])
		}
	}
	n := NewRNG(42).Normal(Float64, 1, 2, 4)
	for i, w := range []float64{-0.7262191382447857, -0.21119691823195985, 0.2216227015035933, 0.5227716877560146} {
		if got := n.Float64s()[i]; got != 1+2*w {
			t.Errorf("Normal[%d] = %v, want %v", i, got, 1+2*w)
		}
	}
}

func TestRandomReproducible(t *testing.T) {
	makers := []struct {
		name string
		f    func(r *RNG, dt DType) *Tensor
	}{
		{"Uniform", func(r *RNG, dt DType) *Tensor { return r.Uniform(dt, -1, 1, 3, 4) }},
		{"Normal", func(r *RNG, dt DType) *Tensor { return r.Normal(dt, 0, 1, 3, 4) }},
		{"TruncatedNormal", func(r *RNG, dt DType) *Tensor { return r.TruncatedNormal(dt, 0, 1, 3, 4) }},
		{"Integers", func(r *RNG, dt DType) *Tensor { return r.Integers(-100, 100, 3, 4) }},
	}
	for _, m := range makers {
		for _, dt := range []DType{Float32, Float64} {
			a, b, c := m.f(NewRNG(7), dt), m.f(NewRNG(7), dt), m.f(NewRNG(8), dt)
			va, vb, vc := a.Values(), b.Values(), c.Values()
			differ := false
			for i := range va {
				if va[i] != vb[i] {
					t.Fatalf("%s %v: same seed differs at %d", m.name, dt, i)
				}
				differ = differ || va[i] != vc[i]
			}
			if !differ {
				t.Errorf("%s %v: seeds 7 and 8 gave the same tensor", m.name, dt)
			}
		}
	}
	// A float32 tensor holds the float64 draws of the same stream, rounded.
	n32, n64 := NewRNG(3).Normal(Float32, 0.5, 2, 100), NewRNG(3).Normal(Float64, 0.5, 2, 100)
	for i, v := range n64.Float64s() {
		if n32.Float32s()[i] != float32(v) {
			t.Fatalf("float32 Normal[%d] = %v, float64 gives %v", i, n32.Float32s()[i], v)
		}
	}
}

func TestRandomUniformStats(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		x := NewRNG(1).Uniform(dt, -2, 3, 100000)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range x.Values() {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo < -2 || hi >= 3 || lo > -1.99 || hi < 2.99 {
			t.Errorf("%v: range [%v, %v], want to fill [-2, 3)", dt, lo, hi)
		}
		mean, std := randomMoments(x)
		if math.Abs(mean-0.5) > 0.03 || math.Abs(std-5/math.Sqrt(12)) > 0.03 {
			t.Errorf("%v: mean %v std %v, want 0.5 and %v", dt, mean, std, 5/math.Sqrt(12))
		}
	}
	// An interval one float32 ulp wide: values that round up to high are redrawn.
	hi := float64(math.Nextafter32(1, 2))
	for _, v := range NewRNG(2).Uniform(Float32, 1, hi, 1000).Float32s() {
		if v != 1 {
			t.Fatalf("Uniform(1, %v) gave %v", hi, v)
		}
	}
	if got := NewRNG(2).Uniform(Float64, 4, 4, 3).Float64s(); got[0] != 4 || got[2] != 4 {
		t.Errorf("Uniform(4, 4) = %v, want all 4", got)
	}
}

func TestRandomNormalStats(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		x := NewRNG(4).Normal(dt, 3, 2, 100000)
		mean, std := randomMoments(x)
		if math.Abs(mean-3) > 0.04 || math.Abs(std-2) > 0.04 {
			t.Errorf("%v Normal(3, 2): mean %v std %v", dt, mean, std)
		}
	}
}

func TestRandomTruncatedNormalStats(t *testing.T) {
	// Standard normal truncated to [-2, 2] has std sqrt(1 - 4φ(2)/(2Φ(2)-1)) ≈ 0.87962.
	const truncStd = 0.87962
	for _, dt := range []DType{Float32, Float64} {
		x := NewRNG(6).TruncatedNormal(dt, -1, 0.5, 100000)
		for i, v := range x.Values() {
			if v < -2 || v > 0 {
				t.Fatalf("%v: element %d = %v is outside mean ± 2 stddev = [-2, 0]", dt, i, v)
			}
		}
		mean, std := randomMoments(x)
		if math.Abs(mean+1) > 0.01 || math.Abs(std-0.5*truncStd) > 0.01 {
			t.Errorf("%v TruncatedNormal(-1, 0.5): mean %v std %v, want -1 and %v", dt, mean, std, 0.5*truncStd)
		}
	}
}

func TestRandomIntegers(t *testing.T) {
	x := NewRNG(8).Integers(-2, 3, 50000)
	if x.DType() != Int64 || !x.Shape().Equal(Shape{50000}) {
		t.Fatalf("Integers gave %v %v", x.DType(), x.Shape())
	}
	var hist [5]int
	for _, v := range x.Int64s() {
		if v < -2 || v >= 3 {
			t.Fatalf("Integers(-2, 3) gave %d", v)
		}
		hist[v+2]++
	}
	for i, c := range hist {
		if c < 9500 || c > 10500 {
			t.Errorf("value %d came up %d times, want about 10000", i-2, c)
		}
	}
	// The full int64 range must not overflow.
	y := NewRNG(8).Integers(math.MinInt64, math.MaxInt64, 1000)
	neg := 0
	for _, v := range y.Int64s() {
		if v == math.MaxInt64 {
			t.Fatal("Integers returned high")
		}
		if v < 0 {
			neg++
		}
	}
	if neg < 400 || neg > 600 {
		t.Errorf("%d of 1000 full-range integers are negative, want about 500", neg)
	}
	if s := NewRNG(1).Integers(0, 1, 2, 0, 3); s.Size() != 0 || !s.Shape().Equal(Shape{2, 0, 3}) {
		t.Errorf("empty Integers gave shape %v", s.Shape())
	}
}

func TestRandomErrors(t *testing.T) {
	r := NewRNG(1)
	cases := []struct {
		op, shape string
		f         func()
	}{
		{"Uniform", "(2, 3)", func() { r.Uniform(Int64, 0, 1, 2, 3) }},
		{"Uniform", "(4,)", func() { r.Uniform(Float32, 1, 0, 4) }},
		{"Uniform", "(4,)", func() { r.Uniform(Float64, 0, math.Inf(1), 4) }},
		{"Uniform", "", func() { r.Uniform(Float64, 0, 1, 2, -1) }},
		{"Normal", "(2, 3)", func() { r.Normal(Int64, 0, 1, 2, 3) }},
		{"Normal", "(5,)", func() { r.Normal(Float32, 0, -1, 5) }},
		{"Normal", "(5,)", func() { r.Normal(Float64, math.NaN(), 1, 5) }},
		{"TruncatedNormal", "(1, 1)", func() { r.TruncatedNormal(Int64, 0, 1, 1, 1) }},
		{"TruncatedNormal", "(1,)", func() { r.TruncatedNormal(Float32, 0, math.Inf(1), 1) }},
		{"Integers", "(3,)", func() { r.Integers(5, 5, 3) }},
		{"Integers", "", func() { r.Integers(0, 5, -3) }},
	}
	for _, c := range cases {
		err := rngCatch(c.f)
		var te *Error
		if !errors.As(err, &te) || te.Op != c.op || !strings.Contains(err.Error(), "tensor."+c.op+":") ||
			(c.shape != "" && !strings.Contains(err.Error(), c.shape)) {
			t.Errorf("%s: want a *Error naming %s and shape %s, got %v", c.op, c.op, c.shape, err)
		}
	}
}

func BenchmarkRandomNormalFloat32(b *testing.B) {
	r := NewRNG(1)
	b.SetBytes(4 * 1 << 16)
	for b.Loop() {
		r.Normal(Float32, 0, 1, 1<<16)
	}
}

func BenchmarkRandomUniformFloat32(b *testing.B) {
	r := NewRNG(1)
	b.SetBytes(4 * 1 << 16)
	for b.Loop() {
		r.Uniform(Float32, -1, 1, 1<<16)
	}
}

func BenchmarkStringSummarised(b *testing.B) {
	x := NewRNG(1).Normal(Float32, 0, 1, 100, 100)
	for b.Loop() {
		_ = x.String()
	}
}
