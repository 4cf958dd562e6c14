package kernels

import "fmt"

// DevBlock returns the sums of the deviations d = x[i] - m and of their
// squares d*d over the block x of at least 8 elements, in float64: the
// inner loop of a pairwise variance (see [ewDevBlockGo] for the order of
// the additions, which the vector kernels follow bit for bit). It panics
// if x holds fewer than 8 elements.
func DevBlock[T scalar](x []T, m float64) (s1, s2 float64) {
	if len(x) < 8 {
		panic(fmt.Sprintf("kernels: DevBlock of %d elements, fewer than 8", len(x)))
	}
	if s1, s2, ok := ewDevBlockAsm(x, m); ok {
		return s1, s2
	}
	return ewDevBlockGo(x, m)
}

// ColDevSums adds, for every column j of the rows×len(m) block of x with
// row stride stride, the deviations d = x[r*stride+j] - m[j] to s1[j] and
// their squares d*d to s2[j], in float64 and in row order for every
// column: the second pass of a variance over axis 0, whose first gave the
// column means m (see [ColSum]).
func ColDevSums[T scalar](s1, s2, m []float64, x []T, rows, stride int) {
	w := len(m)
	if rows <= 0 || w == 0 {
		return
	}
	if stride < 0 {
		panic("kernels: ColDevSums: negative stride")
	}
	s1, s2 = s1[:w], s2[:w]
	x = x[:(rows-1)*stride+w]
	if !ewColDevAsm(s1, s2, m, x, rows, stride) {
		ewColDevGo(s1, s2, m, x, rows, stride)
	}
}

// ewDevBlockGo is the portable [DevBlock]: with d = float64(x[i]) - m,
//
//	r1[j], r2[j] = d, d*d for the first 8 elements (j = i)
//	r1[j] += d; r2[j] += d*d for the next whole groups of 8 (j = i%8)
//	s = ((r[0]+r[1])+(r[2]+r[3])) + ((r[4]+r[5])+(r[6]+r[7])) for r1 and r2
//	s1 += d; s2 += d*d for the last len(x)%8 elements, in order
func ewDevBlockGo[T scalar](x []T, m float64) (s1, s2 float64) {
	var r1, r2 [8]float64
	for j := range 8 {
		d := float64(x[j]) - m
		r1[j], r2[j] = d, d*d
	}
	i := 8
	for ; i+8 <= len(x); i += 8 {
		b := x[i : i+8 : i+8]
		for j, v := range b {
			d := float64(v) - m
			r1[j] += d
			r2[j] += d * d
		}
	}
	s1 = ((r1[0] + r1[1]) + (r1[2] + r1[3])) + ((r1[4] + r1[5]) + (r1[6] + r1[7]))
	s2 = ((r2[0] + r2[1]) + (r2[2] + r2[3])) + ((r2[4] + r2[5]) + (r2[6] + r2[7]))
	for _, v := range x[i:] {
		d := float64(v) - m
		s1 += d
		s2 += d * d
	}
	return s1, s2
}

// ewColDevGo is the portable [ColDevSums].
func ewColDevGo[T scalar](s1, s2, m []float64, x []T, rows, stride int) {
	for r := 0; r < rows; r++ {
		row := x[r*stride : r*stride+len(m)]
		for j, v := range row {
			d := float64(v) - m[j]
			s1[j] += d
			s2[j] += d * d
		}
	}
}
