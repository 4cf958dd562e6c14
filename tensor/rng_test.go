package tensor

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// rngCatch runs f and returns the *Error it panics with as an error, or nil.
func rngCatch(f func()) (err error) {
	defer Catch(&err)
	f()
	return nil
}

func TestRNGXoshiroReference(t *testing.T) {
	// Reference output of xoshiro256starstar.c started from state {1, 2, 3, 4}.
	want := []uint64{11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
		607988272756665600, 16172922978634559625, 8476171486693032832,
		10595114339597558777, 2904607092377533576}
	r := &RNG{s: [4]uint64{1, 2, 3, 4}}
	for i, w := range want {
		if got := r.Uint64(); got != w {
			t.Fatalf("output %d = %d, want %d", i, got, w)
		}
	}
}

// The golden values pin the stream for seed 42: a change to seeding, the
// generator or a conversion breaks these and must be a deliberate decision.
// They were cross-checked against an independent Python transcription of
// splitmix64.c, xoshiro256starstar.c and the polar method with math.log.
func TestRNGGoldenSeed42(t *testing.T) {
	r := NewRNG(42)
	for i, w := range []uint64{1546998764402558742, 6990951692964543102, 12544586762248559009, 17057574109182124193} {
		if got := r.Uint64(); got != w {
			t.Errorf("Uint64 #%d = %d, want %d", i, got, w)
		}
	}
	r = NewRNG(42)
	for i, w := range []float64{0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876} {
		if got := r.Float64(); got != w {
			t.Errorf("Float64 #%d = %v, want %v", i, got, w)
		}
	}
	r = NewRNG(42)
	for i, w := range []float32{0.08386296, 0.37898022, 0.6800434, 0.9246929} {
		if got := r.Float32(); got != w {
			t.Errorf("Float32 #%d = %v, want %v", i, got, w)
		}
	}
	r = NewRNG(42)
	for i, w := range []float64{-0.7262191382447857, -0.21119691823195985, 0.2216227015035933, 0.5227716877560146} {
		if got := r.NormFloat64(); got != w {
			t.Errorf("NormFloat64 #%d = %v, want %v", i, got, w)
		}
	}
	r = NewRNG(42)
	for i, w := range []int{0, 3, 6, 9, 9, 7} {
		if got := r.Intn(10); got != w {
			t.Errorf("Intn(10) #%d = %d, want %d", i, got, w)
		}
	}
}

func TestRNGSeedsDiffer(t *testing.T) {
	a, b, c := NewRNG(1), NewRNG(2), NewRNG(1)
	same12, same11 := 0, 0
	for i := 0; i < 100; i++ {
		x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
		if x == y {
			same12++
		}
		if x == z {
			same11++
		}
	}
	if same12 != 0 || same11 != 100 {
		t.Errorf("seeds 1,2 agree %d/100 times, seeds 1,1 agree %d/100 times", same12, same11)
	}
	if NewRNG(0).Uint64() == 0 && NewRNG(0).Uint64() == 0 {
		t.Error("seed 0 gives a degenerate stream")
	}
}

func TestRNGFloatRanges(t *testing.T) {
	r := NewRNG(3)
	const n = 100000
	var sum64, sum32 float64
	for i := 0; i < n; i++ {
		x, y := r.Float64(), r.Float32()
		if x < 0 || x >= 1 || y < 0 || y >= 1 {
			t.Fatalf("draw %d out of [0, 1): %v, %v", i, x, y)
		}
		if x != math.Ldexp(math.Trunc(math.Ldexp(x, 53)), -53) {
			t.Fatalf("Float64 %v is not a multiple of 2^-53", x)
		}
		sum64 += x
		sum32 += float64(y)
	}
	if m := sum64 / n; math.Abs(m-0.5) > 0.01 {
		t.Errorf("mean of Float64 = %v, want about 0.5", m)
	}
	if m := sum32 / n; math.Abs(m-0.5) > 0.01 {
		t.Errorf("mean of Float32 = %v, want about 0.5", m)
	}
}

func TestRNGNormFloat64Moments(t *testing.T) {
	r := NewRNG(11)
	const n = 100000
	var sum, sq, big float64
	for i := 0; i < n; i++ {
		z := r.NormFloat64()
		sum += z
		sq += z * z
		if math.Abs(z) > 1.96 {
			big++
		}
	}
	mean := sum / n
	std := math.Sqrt(sq/n - mean*mean)
	if math.Abs(mean) > 0.02 || math.Abs(std-1) > 0.02 {
		t.Errorf("mean %v, std %v; want about 0 and 1", mean, std)
	}
	if f := big / n; math.Abs(f-0.05) > 0.006 {
		t.Errorf("fraction beyond 1.96 = %v, want about 0.05", f)
	}
}

func TestRNGIntnHistogram(t *testing.T) {
	r := NewRNG(5)
	const n, k = 100000, 10
	var hist [k]int
	for i := 0; i < n; i++ {
		v := r.Intn(k)
		if v < 0 || v >= k {
			t.Fatalf("Intn(%d) = %d", k, v)
		}
		hist[v]++
	}
	for v, c := range hist {
		if c < n/k-500 || c > n/k+500 { // about 5 standard deviations
			t.Errorf("Intn(%d) gave %d %d times, want about %d", k, v, c, n/k)
		}
	}
	if got := r.Intn(1); got != 0 {
		t.Errorf("Intn(1) = %d", got)
	}
	huge := math.MaxInt/2 + 12345 // 2⁶² + 12344 with a 64-bit int
	for i := 0; i < 1000; i++ {
		if v := r.Intn(huge); v < 0 || v >= huge {
			t.Fatalf("Intn(%d) = %d", huge, v)
		}
	}
}

func TestRNGPermAndShuffle(t *testing.T) {
	r := NewRNG(9)
	for _, n := range []int{0, 1, 2, 17, 1000} {
		p := r.Perm(n)
		seen := make([]bool, n)
		for _, v := range p {
			if v < 0 || v >= n || seen[v] {
				t.Fatalf("Perm(%d) = %v is not a permutation", n, p)
			}
			seen[v] = true
		}
		if len(p) != n {
			t.Fatalf("Perm(%d) has length %d", n, len(p))
		}
	}
	// All 6 orders of 3 elements come up about equally often.
	counts := map[[3]int]int{}
	for i := 0; i < 60000; i++ {
		a := [3]int{0, 1, 2}
		r.Shuffle(3, func(i, j int) { a[i], a[j] = a[j], a[i] })
		counts[a]++
	}
	if len(counts) != 6 {
		t.Fatalf("Shuffle produced %d distinct orders, want 6", len(counts))
	}
	for a, c := range counts {
		if c < 9400 || c > 10600 {
			t.Errorf("order %v came up %d times, want about 10000", a, c)
		}
	}
}

func TestRNGSplit(t *testing.T) {
	p1, p2 := NewRNG(42), NewRNG(42)
	c1, c2 := p1.Split(), p2.Split()
	for i := 0; i < 10; i++ {
		if a, b := c1.Uint64(), c2.Uint64(); a != b {
			t.Fatalf("children of equal parents differ at %d: %d, %d", i, a, b)
		}
	}
	// The child is a different stream from its parent's continuation.
	c, p := NewRNG(42).Split(), NewRNG(42)
	p.Uint64() // consumed by Split
	same := 0
	for i := 0; i < 100; i++ {
		if c.Uint64() == p.Uint64() {
			same++
		}
	}
	if same != 0 {
		t.Errorf("child and parent agree %d/100 times", same)
	}
	// Splitting advances the parent.
	q := NewRNG(42)
	q.Split()
	if q.Uint64() != 6990951692964543102 {
		t.Error("Split did not consume exactly one parent output")
	}
}

func TestRNGLog(t *testing.T) {
	r := NewRNG(1)
	for i := 0; i < 10000; i++ {
		x := math.Ldexp(r.Float64()+0.5, r.Intn(2000)-1000)
		got, want := rngLog(x), math.Log(x)
		if math.Abs(got-want) > 2e-16*math.Abs(want) {
			t.Fatalf("rngLog(%v) = %v, math.Log = %v", x, got, want)
		}
	}
	if !math.IsInf(rngLog(0), -1) || !math.IsNaN(rngLog(-1)) || !math.IsInf(rngLog(math.Inf(1)), 1) ||
		!math.IsNaN(rngLog(math.NaN())) || rngLog(1) != 0 {
		t.Error("rngLog special cases are wrong")
	}
}

func TestRNGErrors(t *testing.T) {
	r := NewRNG(1)
	cases := []struct {
		op string
		f  func()
	}{
		{"Intn", func() { r.Intn(0) }},
		{"Intn", func() { r.Intn(-3) }},
		{"Perm", func() { r.Perm(-1) }},
		{"Shuffle", func() { r.Shuffle(-1, func(i, j int) {}) }},
	}
	for _, c := range cases {
		err := rngCatch(c.f)
		var te *Error
		if !errors.As(err, &te) || te.Op != c.op ||
			!strings.Contains(err.Error(), "tensor."+c.op) {
			t.Errorf("%s: want a *Error naming the op, got %v", c.op, err)
		}
	}
}
