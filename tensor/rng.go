package tensor

import (
	"math"
	"math/bits"
)

// RNG is a seeded pseudo-random generator whose output depends only on its
// seed: the same seed yields the same stream on every platform and with
// every Go version, so models initialised from a seed are reproducible.
//
// The generator is xoshiro256** 1.0 by David Blackman and Sebastiano Vigna
// (https://prng.di.unimi.it/xoshiro256starstar.c), with its 256-bit state
// filled from the seed by SplitMix64 (https://prng.di.unimi.it/splitmix64.c),
// as its authors recommend. All conversions to floats, bounded integers and
// normal deviates are implemented in this package, without math/rand, whose
// streams Go does not promise to keep. Floating-point steps are written so
// that the compiler cannot fuse them into FMA instructions, and the
// logarithm used for normals is a private port, not math.Log, which has
// assembly versions on some platforms.
//
// An RNG is not safe for concurrent use; give each goroutine (or each
// layer) its own stream with [RNG.Split].
type RNG struct {
	s        [4]uint64
	spare    float64 // second normal deviate of the last polar pair
	hasSpare bool
}

// NewRNG returns a generator seeded with seed. Every seed, zero included,
// gives a full-quality stream.
func NewRNG(seed uint64) *RNG {
	r := &RNG{}
	r.seed(seed)
	return r
}

// seed fills the xoshiro state from SplitMix64 started at seed. SplitMix64
// never yields four zero words in a row, so the state is never all zero.
func (r *RNG) seed(seed uint64) {
	x := seed
	for i := range r.s {
		r.s[i] = rngSplitMix64(&x)
	}
	r.spare, r.hasSpare = 0, false
}

// rngSplitMix64 advances the SplitMix64 state *x and returns its next output.
func rngSplitMix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Uint64 returns the next 64 uniformly distributed random bits.
func (r *RNG) Uint64() uint64 {
	s := &r.s
	result := bits.RotateLeft64(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return result
}

// Float64 returns a uniform float64 in [0, 1) built from the top 53 bits of
// one Uint64, so every value is a multiple of 2⁻⁵³.
func (r *RNG) Float64() float64 {
	return float64(r.Uint64()>>11) * 0x1p-53
}

// Float32 returns a uniform float32 in [0, 1) built from the top 24 bits of
// one Uint64, so every value is a multiple of 2⁻²⁴.
func (r *RNG) Float32() float32 {
	return float32(r.Uint64()>>40) * 0x1p-24
}

// Intn returns a uniform integer in [0, n) without modulo bias, using
// Lemire's multiply-and-reject method ("Fast Random Integer Generation in
// an Interval", ACM TOMACS 2019). It panics with an *Error if n <= 0.
func (r *RNG) Intn(n int) int {
	if n <= 0 {
		panicf("Intn", "n must be positive, got %d", n)
	}
	return int(r.uint64n(uint64(n)))
}

// uint64n returns a uniform integer in [0, n) for n > 0 (Lemire's method).
func (r *RNG) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(r.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(r.Uint64(), n)
		}
	}
	return hi
}

// NormFloat64 returns a standard normal deviate (mean 0, standard deviation
// 1), drawn with Marsaglia's polar method. Each accepted pair of uniforms
// yields two deviates; the second is kept for the next call.
func (r *RNG) NormFloat64() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	for {
		u := 2*r.Float64() - 1 // 2*x is exact, so fusion cannot change it
		v := 2*r.Float64() - 1
		s := float64(u*u) + float64(v*v)
		if s >= 1 || s == 0 {
			continue
		}
		m := math.Sqrt(-2 * rngLog(s) / s)
		r.spare, r.hasSpare = float64(v*m), true
		return float64(u * m)
	}
}

// Perm returns a uniformly random permutation of [0, n). It panics with an
// *Error if n < 0.
func (r *RNG) Perm(n int) []int {
	if n < 0 {
		panicf("Perm", "n must not be negative, got %d", n)
	}
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Shuffle puts n elements in uniformly random order with the Fisher–Yates
// algorithm, calling swap(i, j) to exchange elements i and j. It panics
// with an *Error if n < 0.
func (r *RNG) Shuffle(n int, swap func(i, j int)) {
	if n < 0 {
		panicf("Shuffle", "n must not be negative, got %d", n)
	}
	for i := n - 1; i > 0; i-- {
		j := int(r.uint64n(uint64(i + 1)))
		swap(i, j)
	}
}

// Split returns a new generator seeded from r's next output. The child's
// stream is independent of r's for practical purposes; splitting the same
// parent state always yields the same child, so layers can be given their
// own reproducible streams.
func (r *RNG) Split() *RNG {
	return NewRNG(r.Uint64())
}

// rngLog returns the natural logarithm of x > 0. It is a port of the
// FreeBSD/fdlibm e_log.c algorithm (as in Go's portable math.Log) with every
// product rounded explicitly, so it gives the same bits on every platform.
func rngLog(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01 // 3fe62e42 fee00000
		ln2Lo = 1.90821492927058770002e-10 // 3dea39ef 35793c76
		l1    = 6.666666666666735130e-01   // 3FE55555 55555593
		l2    = 3.999999999940941908e-01   // 3FD99999 9997FA04
		l3    = 2.857142874366239149e-01   // 3FD24924 94229359
		l4    = 2.222219843214978396e-01   // 3FCC71C5 1D8E78AF
		l5    = 1.818357216161805012e-01   // 3FC74664 96CB03DE
		l6    = 1.531383769920937332e-01   // 3FC39A09 D078C69F
		l7    = 1.479819860511658591e-01   // 3FC2F112 DF3E5244
	)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := float64(s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7)))))))
	t2 := float64(s4 * (l2 + float64(s4*(l4+float64(s4*l6)))))
	rr := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+rr)) + float64(k*ln2Lo))) - f)
}
