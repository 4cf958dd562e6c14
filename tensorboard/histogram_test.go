package tensorboard

import (
	"math"
	"testing"
)

func TestDefaultLimitsAreTensorFlows(t *testing.T) {
	l := defaultLimits()
	// 774 limits from 1e-12 (×1.1) below 1e20, plus DBL_MAX, on each side
	// of 0.
	n := 0
	for v := 1e-12; v < 1e20; v *= 1.1 {
		n++
	}
	if len(l) != 2*(n+1)+1 {
		t.Fatalf("%d limits, want %d", len(l), 2*(n+1)+1)
	}
	mid := len(l) / 2
	if l[0] != -math.MaxFloat64 || l[mid] != 0 || l[mid+1] != 1e-12 || l[mid-1] != -1e-12 || l[len(l)-1] != math.MaxFloat64 {
		t.Fatalf("ends and middle: %v %v %v %v %v", l[0], l[mid-1], l[mid], l[mid+1], l[len(l)-1])
	}
	for i := 1; i < len(l); i++ {
		if !(l[i-1] < l[i]) {
			t.Fatalf("limits not ascending at %d: %v, %v", i, l[i-1], l[i])
		}
	}
}

func TestHistogramStatisticsAndBuckets(t *testing.T) {
	values := []float64{0, 1, 1, -2, 0.5, 1e-13, 3.25, -0.001}
	h, err := NewHistogram(values)
	if err != nil {
		t.Fatal(err)
	}
	if h.Min != -2 || h.Max != 3.25 || h.Num != 8 || math.Abs(h.Sum-3.749) > 1e-12 {
		t.Fatalf("stats %+v", h)
	}
	var sq float64
	for _, v := range values {
		sq += v * v
	}
	if math.Abs(h.SumSquares-sq) > 1e-12 {
		t.Fatalf("sum_squares %v, want %v", h.SumSquares, sq)
	}
	if len(h.Bucket) != len(h.BucketLimit) || h.BucketLimit[len(h.BucketLimit)-1] != math.MaxFloat64 {
		t.Fatalf("limits %v counts %v", h.BucketLimit, h.Bucket)
	}
	// Each bucket [previous limit, limit) holds exactly the values in it;
	// occupied buckets are one default bucket wide (10% for |v| >= 1e-12).
	total := 0.0
	for i, lim := range h.BucketLimit {
		lo := -math.MaxFloat64
		if i > 0 {
			lo = h.BucketLimit[i-1]
		}
		if i > 0 && !(lo < lim) {
			t.Fatalf("limits not ascending: %v", h.BucketLimit)
		}
		want := 0.0
		for _, v := range values {
			if lo <= v && v < lim {
				want++
			}
		}
		if h.Bucket[i] != want {
			t.Fatalf("bucket [%g, %g) has %v, want %v", lo, lim, h.Bucket[i], want)
		}
		if want > 0 && lo > 0 && lim/lo > 1.1000001 {
			t.Fatalf("occupied bucket [%g, %g) is wider than 10%%", lo, lim)
		}
		total += h.Bucket[i]
	}
	if total != 8 {
		t.Fatalf("counts sum to %v", total)
	}
	// Empty runs are collapsed: no two consecutive empty buckets.
	for i := 1; i < len(h.Bucket); i++ {
		if h.Bucket[i] == 0 && h.Bucket[i-1] == 0 {
			t.Fatalf("consecutive empty buckets at %d: %v", i, h.Bucket)
		}
	}
}

func TestEmptyHistogramIsTensorFlows(t *testing.T) {
	h, err := NewHistogram(nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.Min != math.MaxFloat64 || h.Max != -math.MaxFloat64 || h.Num != 0 ||
		len(h.BucketLimit) != 1 || h.BucketLimit[0] != math.MaxFloat64 || h.Bucket[0] != 0 {
		t.Fatalf("%+v", h)
	}
}

func TestHistogramRejectsNonFiniteValues(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := NewHistogram([]float64{1, v}); err == nil {
			t.Errorf("%v accepted", v)
		}
	}
	if h, err := NewHistogram([]float64{math.MaxFloat64, -math.MaxFloat64}); err != nil || h.Num != 2 {
		t.Fatalf("extremes: %v %+v", err, h)
	}
}
