package tensor

import "github.com/neurite/neurite/internal/kernels"

// Kernels of the sum family (Sum, Mean, Variance) for the reduction engine
// in reduce.go. Float kernels accumulate in float64.

// pairBlock is the run length below which pairSum stops halving (numpy's
// PW_BLOCKSIZE).
const pairBlock = 128

// pairSum returns the sum of x in float64 by pairwise summation: runs of
// at most pairBlock elements are added with eight partial sums, longer
// runs are split in halves (at a multiple of 8) that are summed recursively.
// Float64 blocks of 32 elements or more are added by kernels.SumBlock64,
// the same loop in vector registers (the same bits).
// Float32 data goes to kernels.Sum32 instead, which adds into 32 float64
// partial sums: its error, a few float64 roundings per 32 elements, is far
// below float32 resolution, as the pairwise one is.
func pairSum[T Float](x []T) float64 {
	if x32, ok := any(x).([]float32); ok {
		return kernels.Sum32(x32)
	}
	n := len(x)
	if n > pairBlock {
		h := n / 2
		h -= h % 8
		return pairSum(x[:h]) + pairSum(x[h:])
	}
	if n < 8 {
		s := 0.0
		for _, v := range x {
			s += float64(v)
		}
		return s
	}
	if x64, ok := any(x).([]float64); ok && n >= 32 {
		return kernels.SumBlock64(x64) // the loop below, vectorised
	}
	r0, r1, r2, r3 := float64(x[0]), float64(x[1]), float64(x[2]), float64(x[3])
	r4, r5, r6, r7 := float64(x[4]), float64(x[5]), float64(x[6]), float64(x[7])
	i := 8
	for ; i+8 <= n; i += 8 {
		b := x[i : i+8 : i+8]
		r0 += float64(b[0])
		r1 += float64(b[1])
		r2 += float64(b[2])
		r3 += float64(b[3])
		r4 += float64(b[4])
		r5 += float64(b[5])
		r6 += float64(b[6])
		r7 += float64(b[7])
	}
	s := ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
	for ; i < n; i++ {
		s += float64(x[i])
	}
	return s
}

// pairDev returns the sums of d and d² over the deviations d = x[i] - m,
// in float64. Float64 data is summed pairwise like pairSum, its blocks of
// at most pairBlock elements by kernels.DevBlock (eight partial sums);
// float32 data goes to kernels.DevBlock whole, whose float64 partial sums
// err far below float32 resolution (as Sum32's do).
func pairDev[T Float](x []T, m float64) (s1, s2 float64) {
	n := len(x)
	if _, ok := any(x).([]float64); ok && n > pairBlock {
		h := n / 2
		h -= h % 8
		a1, a2 := pairDev(x[:h], m)
		b1, b2 := pairDev(x[h:], m)
		return a1 + b1, a2 + b2
	}
	if n >= 8 {
		return kernels.DevBlock(x, m)
	}
	for _, v := range x {
		d := float64(v) - m
		s1 += d
		s2 += d * d
	}
	return s1, s2
}

// variance combines the deviation sums of n elements into the population
// variance: (Σd² - (Σd)²/n) / n, where the second term removes the rounding
// error of the mean (the corrected two-pass algorithm).
func variance(s1, s2, n float64) float64 {
	v := (s2 - s1*s1/n) / n
	if v < 0 { // rounding; NaN falls through
		v = 0
	}
	return v
}

// colSum adds columns j0..j1 of the (r, inner) block x into acc (of
// length j1-j0), row by row in float64, with kernels.ColSum.
func colSum[T Float](x []T, r, inner, j0, j1 int, acc []float64) {
	kernels.ColSum(acc[:j1-j0], x[j0:], r, inner)
}

// sumFloat is the reducer of Sum for float dtypes.
type sumFloat[T Float] struct{}

func (sumFloat[T]) row(x []T) T { return T(pairSum(x)) }

func (sumFloat[T]) cols(x []T, r, inner, j0, j1 int, out []T) {
	var acc [reduceBlock]float64
	a := acc[:j1-j0]
	colSum(x, r, inner, j0, j1, a)
	o := out[j0:j1]
	for j, s := range a {
		o[j] = T(s)
	}
}

// meanFloat is the reducer of Mean.
type meanFloat[T Float] struct{}

func (meanFloat[T]) row(x []T) T { return T(pairSum(x) / float64(len(x))) }

func (meanFloat[T]) cols(x []T, r, inner, j0, j1 int, out []T) {
	var acc [reduceBlock]float64
	a := acc[:j1-j0]
	colSum(x, r, inner, j0, j1, a)
	o := out[j0:j1]
	n := float64(r)
	for j, s := range a {
		o[j] = T(s / n)
	}
}

// varFloat is the reducer of Variance.
type varFloat[T Float] struct{}

func (varFloat[T]) row(x []T) T {
	n := float64(len(x))
	m := pairSum(x) / n
	s1, s2 := pairDev(x, m)
	return T(variance(s1, s2, n))
}

func (varFloat[T]) cols(x []T, r, inner, j0, j1 int, out []T) {
	var mean, d1, d2 [reduceBlock]float64
	w := j1 - j0
	m := mean[:w]
	colSum(x, r, inner, j0, j1, m)
	n := float64(r)
	for j := range m {
		m[j] /= n
	}
	s1, s2 := d1[:w], d2[:w]
	kernels.ColDevSums(s1, s2, m, x[j0:], r, inner)
	o := out[j0:j1]
	for j := range o {
		o[j] = T(variance(s1[j], s2[j], n))
	}
}

// sumInt is the reducer of Sum for int64; sums wrap around on overflow.
type sumInt struct{}

func (sumInt) row(x []int64) int64 {
	var s0, s1, s2, s3 int64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		s0 += b[0]
		s1 += b[1]
		s2 += b[2]
		s3 += b[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return s0 + s1 + s2 + s3
}

func (sumInt) cols(x []int64, r, inner, j0, j1 int, out []int64) {
	var acc [reduceBlock]int64
	a := acc[:j1-j0]
	for k := 0; k < r; k++ {
		row := x[k*inner+j0 : k*inner+j1]
		a := a[:len(row)]
		for j, v := range row {
			a[j] += v
		}
	}
	copy(out[j0:j1], a)
}
