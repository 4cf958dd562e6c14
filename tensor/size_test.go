//go:build !(386 || arm || mips || mipsle)

// These tests use sizes beyond a 32-bit int.

package tensor

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// withMaxBytes sets the size limit for the test and restores it after.
func withMaxBytes(t *testing.T, n int64) {
	old := SetMaxBytes(n)
	t.Cleanup(func() { SetMaxBytes(old) })
}

// TestConstructorsRefuseImpossibleSizes checks that every public
// constructor refuses a shape whose element count overflows or whose bytes
// exceed MaxBytes with an *Error naming the op, instead of returning a
// wrongly sized tensor or dying in makeslice or "out of memory".
func TestConstructorsRefuseImpossibleSizes(t *testing.T) {
	withMaxBytes(t, 1<<30)
	r := NewRNG(1)
	labels := FromSlice([]int64{0, 1})
	cases := []struct {
		name, op, msg string
		f             func()
	}{
		{"New overflow", "New", "overflows int", func() { New(Float32, 1<<32, 1<<32) }},
		{"Zeros overflow", "New", "overflows int", func() { Zeros(Float32, 1<<32, 1<<32) }},
		{"Zeros 3 dims", "New", "overflows int", func() { Zeros(Float64, 1<<21, 1<<21, 1<<21) }},
		{"Ones bytes overflow", "New", "overflow the byte size", func() { Ones(Float64, 1<<62) }},
		{"Full too big", "New", "more than the 1 GiB limit", func() { Full(float32(1), 1<<20, 1<<9) }},
		{"Eye", "New", "limit", func() { Eye(Float32, 1<<20) }},
		{"Zeros negative", "New", "negative dimension", func() { Zeros(Float32, 2, -3) }},
		{"BroadcastTo", "BroadcastTo", "overflows int", func() { BroadcastTo(Scalar(float32(1)), 1<<32, 1<<32) }},
		{"OneHot depth", "New", "overflow", func() { OneHot(labels, 1<<62, Float32) }},
		{"Uniform", "Uniform", "limit", func() { r.Uniform(Float32, 0, 1, 1<<40) }},
		{"Normal", "Normal", "overflows int", func() { r.Normal(Float64, 0, 1, 1<<40, 1<<40) }},
		{"Integers", "Integers", "limit", func() { r.Integers(0, 9, 1<<28) }},
		{"Arange", "Arange", "limit", func() { Arange(0.0, 1e12, 1) }},
		{"Arange huge", "Arange", "too many values", func() { Arange(0.0, math.Inf(1), 1) }},
		{"Linspace", "Linspace", "limit", func() { Linspace(float32(0), 1, 1<<40) }},
		{"FromSlice wrap", "FromSlice", "more elements than an int counts", func() { FromSlice([]float32{}, 1<<32, 1<<32) }},
		{"FromSlice wrap to n", "FromSlice", "more elements than an int counts", func() { FromSlice(make([]float32, 4), 1<<62, 4) }},
		{"Reshape wrap", "Reshape", "more elements than an int counts", func() { Reshape(New(Float32, 0), 1<<32, 1<<32, 1<<32) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := rngCatch(c.f)
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *tensor.Error", err)
			}
			if te.Op != c.op || !strings.Contains(te.Msg, c.msg) {
				t.Errorf("got %q (op %s), want op %s and a message with %q", err, te.Op, c.op, c.msg)
			}
		})
	}
}

// TestConstructorsAcceptPossibleSizes checks that the size check lets
// ordinary and empty shapes through, including ones whose product would
// overflow were it not for a zero dimension.
func TestConstructorsAcceptPossibleSizes(t *testing.T) {
	withMaxBytes(t, 1<<20)
	cases := []struct {
		shape []int
		size  int
	}{
		{nil, 1}, {[]int{0}, 0}, {[]int{3, 4}, 12}, {[]int{1 << 40, 0, 1 << 40}, 0},
		{[]int{1 << 18}, 1 << 18}, // exactly 1 MiB of float32
	}
	for _, c := range cases {
		x := New(Float32, c.shape...)
		if x.Size() != c.size || !x.Shape().Equal(Shape(c.shape)) {
			t.Errorf("New(Float32, %v) has shape %v and size %d, want size %d", c.shape, x.Shape(), x.Size(), c.size)
		}
	}
	if got := Reshape(New(Float32, 0), 1<<40, 0, 1<<40); !got.Shape().Equal(Shape{1 << 40, 0, 1 << 40}) {
		t.Errorf("Reshape of an empty tensor gave %v", got.Shape())
	}
}

// TestCheckSize checks the exported check's counts, errors and limit.
func TestCheckSize(t *testing.T) {
	withMaxBytes(t, 1000)
	if n, err := CheckSize(Float64, []int{5, 25}); n != 125 || err != nil {
		t.Errorf("CheckSize(float64, (5, 25)) = %d, %v; want 125, nil", n, err)
	}
	_, err := CheckSize(Float64, []int{5, 26})
	var te *Error
	if !errors.As(err, &te) || te.Op != "CheckSize" || !strings.Contains(err.Error(), "1.016 KiB") ||
		!strings.Contains(err.Error(), "(5, 26)") {
		t.Errorf("CheckSize(float64, (5, 26)) error = %v; want a *tensor.Error naming 1.016 KiB and the shape", err)
	}
	if SetMaxBytes(0); MaxBytes() <= 1000 {
		t.Errorf("SetMaxBytes(0) left the limit at %d, want the default", MaxBytes())
	}
}
