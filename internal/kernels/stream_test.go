package kernels

import (
	"fmt"
	"slices"
	"testing"
)

// TestStreamCopy checks StreamCopy against copy for lengths around the
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
				dst := make([]T, 1200)
				want := make([]T, 1200)
				copy(want[doff:doff+n], src[soff:soff+n])
				StreamCopy(dst[doff:doff+n], src[soff:soff+n])
				if !slices.Equal(dst, want) {
					t.Fatalf("%s: StreamCopy of %d values to offset %d from offset %d differs from copy", name, n, doff, soff)
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

// TestAdamStream checks that AdamStream computes Adam's bits for lengths
// around the vector and step sizes and every alignment of w within a cache
// line, with each kernel set.
func TestAdamStream(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		testAdamStream[float32](t)
		testAdamStream[float64](t)
	})
}

func testAdamStream[T scalar](t *testing.T) {
	var z T
	name := fmt.Sprintf("%T", z)
	const size = 1100
	init := func() (w, m, v, g []T) {
		w, m, v, g = make([]T, size), make([]T, size), make([]T, size), make([]T, size)
		for i := range w {
			w[i], m[i], v[i], g[i] = T(i%13)/7-0.8, T(i%5)/50, T(i%7)/900, T(i%11)/3-1.5
		}
		return w, m, v, g
	}
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 255, 257, 1000} {
		for off := range 17 {
			w1, m1, v1, g1 := init()
			w2, m2, v2, g2 := init()
			Adam(w1[off:off+n], m1[off:off+n], v1[off:off+n], g1[off:off+n], 0.001, 0.1, 0.001, 1e-7)
			AdamStream(w2[off:off+n], m2[off:off+n], v2[off:off+n], g2[off:off+n], 0.001, 0.1, 0.001, 1e-7)
			if !slices.Equal(w1, w2) || !slices.Equal(m1, m2) || !slices.Equal(v1, v2) {
				t.Fatalf("%s: AdamStream of %d values at offset %d differs from Adam", name, n, off)
			}
		}
	}
}

// TestUpdateStreams checks that SGDStream and MomentumStream compute the
// bits of SGD and Momentum for every alignment of w, with each kernel set.
func TestUpdateStreams(t *testing.T) {
	forEachEWSet(t, func(t *testing.T) {
		testUpdateStreams[float32](t)
		testUpdateStreams[float64](t)
	})
}

func testUpdateStreams[T scalar](t *testing.T) {
	var z T
	name := fmt.Sprintf("%T", z)
	const size = 1100
	init := func() (w, vel, g []T) {
		w, vel, g = make([]T, size), make([]T, size), make([]T, size)
		for i := range w {
			w[i], vel[i], g[i] = T(i%13)/7-0.8, T(i%5)/50-0.04, T(i%11)/3-1.5
		}
		return w, vel, g
	}
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 255, 257, 1000} {
		for off := range 17 {
			w1, _, g1 := init()
			w2, _, g2 := init()
			SGD(w1[off:off+n], g1[off:off+n], 0.01)
			SGDStream(w2[off:off+n], g2[off:off+n], 0.01)
			if !slices.Equal(w1, w2) {
				t.Fatalf("%s: SGDStream of %d values at offset %d differs from SGD", name, n, off)
			}
			for _, nesterov := range []bool{false, true} {
				w1, v1, g1 := init()
				w2, v2, g2 := init()
				Momentum(w1[off:off+n], v1[off:off+n], g1[off:off+n], 0.01, 0.9, nesterov)
				MomentumStream(w2[off:off+n], v2[off:off+n], g2[off:off+n], 0.01, 0.9, nesterov)
				if !slices.Equal(w1, w2) || !slices.Equal(v1, v2) {
					t.Fatalf("%s: MomentumStream (nesterov %v) of %d values at offset %d differs from Momentum", name, nesterov, n, off)
				}
			}
		}
	}
}
