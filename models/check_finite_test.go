package models

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// checkFinite finds the first NaN or infinity, in float32 and float64,
// in short and long tensors (the vector sum's fast path and the scan
// behind it), and does not mistake a float64 sum that overflows for a bad
// value.
func TestCheckFinite(t *testing.T) {
	long := func(n, at int, v float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i%7) - 3
		}
		if at >= 0 {
			x[at] = v
		}
		return x
	}
	for _, c := range []struct {
		name string
		x    []float64
		cols int
		want string // "" for no error
	}{
		{"finite", long(1000, -1, 0), 10, ""},
		{"NaN", long(1000, 537, math.NaN()), 10, "NaN in sample 53"},
		{"+Inf then NaN", append(long(999, 998, math.Inf(1)), math.NaN()), 10, "+Inf in sample 99"},
		{"-Inf first", long(40, 0, math.Inf(-1)), 4, "-Inf in sample 0"},
		{"short", []float64{1, math.NaN(), 3}, 1, "NaN in sample 1"},
		{"empty", nil, 1, ""},
	} {
		for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
			x := tensor.FromSlice(c.x, len(c.x)/c.cols, c.cols)
			if dt == tensor.Float32 {
				x = tensor.Cast(x, dt)
			}
			err := checkFinite(x)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s %v: %v", c.name, dt, err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("%s %v: got %v, want %q", c.name, dt, err, c.want)
			}
		}
	}
	// Finite float64 values whose sum overflows are fine.
	big := make([]float64, 16)
	for i := range big {
		big[i] = math.MaxFloat64
	}
	if err := checkFinite(tensor.FromSlice(big, 16, 1)); err != nil {
		t.Errorf("16 × MaxFloat64: %v", err)
	}
}
