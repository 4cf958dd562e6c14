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
