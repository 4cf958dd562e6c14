// Package tensortest provides test helpers for code that computes tensors.
package tensortest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// maxReported is how many differing elements a failure message lists.
const maxReported = 5

// AssertClose fails the test (with tb.Errorf, so the test goes on) unless
// got and want have the same shape and every element of got is close to
// the corresponding element of want: |got-want| <= atol + rtol*|want|, as
// [tensor.AllClose] decides. The dtypes may differ. On failure the message
// gives both shapes and dtypes, how many elements differ, the largest
// absolute difference and the first few differing indices with their
// values, for example
//
//	tensors not close (rtol=1e-05, atol=1e-08): 2 of 6 elements differ, max abs diff 0.5
//	  shape (2, 3), got float32, want float64
//	  at (0, 1): got 1.5, want 1
//	  at (1, 2): got 7, want 7.25
func AssertClose(tb testing.TB, got, want *tensor.Tensor, rtol, atol float64) {
	tb.Helper()
	if got == nil || want == nil {
		tb.Errorf("AssertClose: nil tensor (got is nil: %v, want is nil: %v)", got == nil, want == nil)
		return
	}
	if !got.Shape().Equal(want.Shape()) {
		tb.Errorf("tensors differ in shape: got %v %v, want %v %v", got.Shape(), got.DType(), want.Shape(), want.DType())
		return
	}
	if tensor.AllClose(got, want, rtol, atol) {
		return
	}
	g, w := got.Values(), want.Values()
	var lines []string
	bad := 0
	for i := range g {
		if tensor.IsClose(g[i], w[i], rtol, atol) {
			continue
		}
		bad++
		if bad <= maxReported {
			lines = append(lines, fmt.Sprintf("  at %s: got %v, want %v", index(got.Shape(), i), g[i], w[i]))
		}
	}
	if bad > maxReported {
		lines = append(lines, fmt.Sprintf("  ... and %d more", bad-maxReported))
	}
	tb.Errorf("tensors not close (rtol=%g, atol=%g): %d of %d elements differ, max abs diff %g\n  shape %v, got %v, want %v\n%s",
		rtol, atol, bad, len(g), tensor.MaxAbsDiff(got, want), got.Shape(), got.DType(), want.DType(),
		strings.Join(lines, "\n"))
}

// index formats the multi-index of flat row-major offset off in shape s,
// numpy-style: "(0, 2)", "(4,)" or "()".
func index(s tensor.Shape, off int) string {
	idx := make(tensor.Shape, len(s))
	for i := len(s) - 1; i >= 0; i-- {
		idx[i] = off % s[i]
		off /= s[i]
	}
	return idx.String()
}
