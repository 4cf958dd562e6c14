package kernels

import (
	"fmt"
	"slices"
	"testing"
)

// TestStreamCopy checks StreamCopy and StreamCopyUnfenced against copy for lengths around the
// kernels' 256-byte steps, every alignment of the destination and the
// source within a cache line, a destination shorter and longer than the
// source, and overlapping slices, with each kernel set.
func TestStreamCopy(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		testStreamCopy[float32](t)
		testStreamCopy[float64](t)
	})
}

func testStreamCopy[T scalar](t *testing.T) {
	var z T
	name := fmt.Sprintf("%T", z)
	src := make([]T, 1200)
	for i := range src {
		src[i] = T(i) + 0.5
	}
	for _, n := range []int{0, 1, 7, 15, 16, 17, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1000} {
		for doff := range 17 {
			for _, soff := range []int{0, 1, 3, 16} {
				want := make([]T, 1200)
				copy(want[doff:doff+n], src[soff:soff+n])
				dst, unfenced := make([]T, 1200), make([]T, 1200)
				StreamCopy(dst[doff:doff+n], src[soff:soff+n])
				StreamCopyUnfenced(unfenced[doff:doff+n], src[soff:soff+n])
				StreamFence()
				if !slices.Equal(dst, want) || !slices.Equal(unfenced, want) {
					t.Fatalf("%s: StreamCopy (or unfenced) of %d values to offset %d from offset %d differs from copy", name, n, doff, soff)
				}
			}
		}
	}
	short, long := make([]T, 300), make([]T, 700)
	StreamCopy(short, src[:500])
	StreamCopy(long, src[:500])
	if !slices.Equal(short, src[:300]) || !slices.Equal(long[:500], src[:500]) || slices.ContainsFunc(long[500:], func(x T) bool { return x != 0 }) {
		t.Fatalf("%s: StreamCopy between slices of different lengths differs from copy", name)
	}
	for _, shift := range []int{-65, -1, 1, 64, 299} {
		got, want := slices.Clone(src), slices.Clone(src)
		lo := 300
		copy(want[lo+shift:lo+shift+600], want[lo:lo+600])
		StreamCopy(got[lo+shift:lo+shift+600], got[lo:lo+600])
		if !slices.Equal(got, want) {
			t.Fatalf("%s: StreamCopy of overlapping slices shifted by %d differs from copy", name, shift)
		}
	}
}

// BenchmarkStreamCopy times StreamCopy of 1 MiB with each kernel set
// (the portable one is copy) on one core; what it saves shows only
// between cores (see distribute's TestMPITiming).
func BenchmarkStreamCopy(b *testing.B) {
	src, dst := make([]float32, 1<<18), make([]float32, 1<<18)
	benchEachSet(b, 4*len(src), func() { StreamCopy(dst, src) })
}

// TestUpdateStreams checks that the stream variants of Adam, SGD,
// Momentum, RMSprop, WeightDecay, Adagrad and Nadam compute the bits of
// the updates for lengths around the vector and step sizes and every
// alignment of w within a cache line, with each kernel set.
func TestUpdateStreams(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		testUpdateStreams[float32](t)
		testUpdateStreams[float64](t)
	})
}

// streamCase is one update and its stream variant over the operands
// (weights first), from offset off for n values.
type streamCase[T scalar] struct {
	name           string
	plain, streams func(ops [][]T, off, n int)
}

func testUpdateStreams[T scalar](t *testing.T) {
	var z T
	const size = 1100
	init := func() [][]T {
		ops := [][]T{make([]T, size), make([]T, size), make([]T, size), make([]T, size), make([]T, size)}
		for i := range size {
			ops[0][i], ops[1][i], ops[2][i], ops[3][i] = T(i%13)/7-0.8, T(i%5)/50, T(i%7)/900, T(i%11)/3-1.5
			ops[4][i] = T(i%3) / 100
		}
		return ops
	}
	at := func(x []T, off, n int) []T { return x[off : off+n] }
	cases := []streamCase[T]{
		{"Adam", func(o [][]T, off, n int) {
			Adam(at(o[0], off, n), at(o[1], off, n), at(o[2], off, n), at(o[3], off, n), 0.001, 0.1, 0.001, 1e-7)
		}, func(o [][]T, off, n int) {
			AdamStream(at(o[0], off, n), at(o[1], off, n), at(o[2], off, n), at(o[3], off, n), 0.001, 0.1, 0.001, 1e-7)
		}},
		{"SGD", func(o [][]T, off, n int) { SGD(at(o[0], off, n), at(o[3], off, n), 0.01) },
			func(o [][]T, off, n int) { SGDStream(at(o[0], off, n), at(o[3], off, n), 0.01) }},
	}
	for _, nesterov := range []bool{false, true} {
		cases = append(cases, streamCase[T]{fmt.Sprint("Momentum nesterov ", nesterov), func(o [][]T, off, n int) {
			Momentum(at(o[0], off, n), at(o[1], off, n), at(o[3], off, n), 0.01, 0.9, nesterov)
		}, func(o [][]T, off, n int) {
			MomentumStream(at(o[0], off, n), at(o[1], off, n), at(o[3], off, n), 0.01, 0.9, nesterov)
		}})
	}
	cases = append(cases, streamCase[T]{"WeightDecay", func(o [][]T, off, n int) { WeightDecay(at(o[0], off, n), 0.01, 0.004) },
		func(o [][]T, off, n int) { WeightDecayStream(at(o[0], off, n), 0.01, 0.004) }})
	cases = append(cases, streamCase[T]{"Adagrad", func(o [][]T, off, n int) {
		Adagrad(at(o[0], off, n), at(o[1], off, n), at(o[3], off, n), 0.01, 1e-7)
	}, func(o [][]T, off, n int) {
		AdagradStream(at(o[0], off, n), at(o[1], off, n), at(o[3], off, n), 0.01, 1e-7)
	}}, streamCase[T]{"Nadam", func(o [][]T, off, n int) {
		Nadam(at(o[0], off, n), at(o[4], off, n), at(o[1], off, n), at(o[3], off, n), 0.002, 0.1, 0.001, 1e-7, 0.95, 0.05, 0.003)
	}, func(o [][]T, off, n int) {
		NadamStream(at(o[0], off, n), at(o[4], off, n), at(o[1], off, n), at(o[3], off, n), 0.002, 0.1, 0.001, 1e-7, 0.95, 0.05, 0.003)
	}})
	cases = append(cases, streamCase[T]{"RMSprop centered with momentum", func(o [][]T, off, n int) {
		RMSprop(at(o[0], off, n), at(o[1], off, n), at(o[2], off, n), at(o[4], off, n), at(o[3], off, n), 0.01, 0.9, 0.1, 0.5, 1e-7)
	}, func(o [][]T, off, n int) {
		RMSpropStream(at(o[0], off, n), at(o[1], off, n), at(o[2], off, n), at(o[4], off, n), at(o[3], off, n), 0.01, 0.9, 0.1, 0.5, 1e-7)
	}}, streamCase[T]{"RMSprop", func(o [][]T, off, n int) {
		RMSprop(at(o[0], off, n), at(o[1], off, n), nil, nil, at(o[3], off, n), 0.01, 0.9, 0.1, 0, 1e-7)
	}, func(o [][]T, off, n int) {
		RMSpropStream(at(o[0], off, n), at(o[1], off, n), nil, nil, at(o[3], off, n), 0.01, 0.9, 0.1, 0, 1e-7)
	}})
	for _, c := range cases {
		for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 255, 257, 1000} {
			for off := range 17 {
				want, got := init(), init()
				c.plain(want, off, n)
				c.streams(got, off, n)
				for k := range want {
					if !slices.Equal(got[k], want[k]) {
						t.Fatalf("%T %s: the stream variant of %d values at offset %d differs in operand %d", z, c.name, n, off, k)
					}
				}
			}
		}
	}
}
