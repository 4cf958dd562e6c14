package tensorboard

import (
	"fmt"
	"math"
	"sort"
	"sync"
)

// defaultLimits returns TensorFlow's default histogram bucket limits
// (InitDefaultBucketsInner in tensorflow/core/lib/histogram/histogram.cc):
// the limits v = 1e-12·1.1^k below 1e20 and their negatives, 0, and
// ±DBL_MAX at the ends, in ascending order.
var defaultLimits = sync.OnceValue(func() []float64 {
	var pos []float64
	for v := 1.0e-12; v < 1.0e20; v *= 1.1 {
		pos = append(pos, v)
	}
	pos = append(pos, math.MaxFloat64)
	limits := make([]float64, 0, 2*len(pos)+1)
	for i := len(pos) - 1; i >= 0; i-- {
		limits = append(limits, -pos[i])
	}
	limits = append(limits, 0)
	return append(limits, pos...)
})

// NewHistogram summarises values as TensorFlow 1's tf.summary.histogram
// does (tensorflow::histogram::Histogram with its default buckets, encoded
// with empty buckets collapsed): exponential buckets whose width grows by
// 10% from ±1e-12 to ±1e20, so that any range of magnitudes is resolved to
// about 10%. Each run of empty buckets is written as one empty bucket
// ending where the run ends, so the result has a few entries per occupied
// bucket, not the 1,549 of the full scheme. An empty values gives
// TensorFlow's empty histogram (Min DBL_MAX, Max -DBL_MAX, one empty bucket).
//
// Values must be finite, as TensorFlow's HistogramSummary requires; the
// error names the first that is not.
func NewHistogram(values []float64) (*Histogram, error) {
	limits := defaultLimits()
	counts := make([]float64, len(limits))
	h := &Histogram{Min: limits[len(limits)-1], Max: -math.MaxFloat64}
	for i, v := range values {
		if !isFinite(v) {
			return nil, fmt.Errorf("tensorboard: histogram value %d is %v; values must be finite", i, v)
		}
		// std::upper_bound: the first limit greater than v.
		b := sort.Search(len(limits), func(k int) bool { return limits[k] > v })
		if b == len(limits) { // v == DBL_MAX
			b--
		}
		counts[b]++
		h.Min = min(h.Min, v)
		h.Max = max(h.Max, v)
		h.Num++
		h.Sum += v
		h.SumSquares += v * v
	}
	for i := 0; i < len(counts); {
		end, count := limits[i], counts[i]
		i++
		if count <= 0 {
			for i < len(counts) && counts[i] <= 0 {
				end, count = limits[i], counts[i]
				i++
			}
		}
		h.BucketLimit = append(h.BucketLimit, end)
		h.Bucket = append(h.Bucket, count)
	}
	return h, nil
}
