package tensortest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// fakeTB records failures instead of failing the real test. Methods it does
// not override panic on the nil embedded TB, so unexpected calls show up.
type fakeTB struct {
	testing.TB
	errors []string
	helper bool
}

func (f *fakeTB) Helper() { f.helper = true }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.errors = append(f.errors, "FATAL "+fmt.Sprintf(format, args...))
}

func TestAssertClosePasses(t *testing.T) {
	cases := []struct {
		name      string
		got, want *tensor.Tensor
	}{
		{"float32", tensor.FromSlice([]float32{1, 2, 3}), tensor.FromSlice([]float32{1, 2, 3.00001})},
		{"float64", tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2), tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2)},
		{"mixed", tensor.FromSlice([]float32{0.5}), tensor.FromSlice([]float64{0.5})},
		{"scalar", tensor.Scalar(1.0), tensor.Scalar(1.0 + 1e-9)},
	}
	for _, c := range cases {
		f := &fakeTB{}
		AssertClose(f, c.got, c.want, 1e-5, 1e-8)
		if len(f.errors) != 0 || !f.helper {
			t.Errorf("%s: errors %q, Helper called %v", c.name, f.errors, f.helper)
		}
	}
}

func TestAssertCloseReportsValues(t *testing.T) {
	got := tensor.FromSlice([]float32{1, 1.5, 3, 4, 5, 7}, 2, 3)
	want := tensor.FromSlice([]float64{1, 1, 3, 4, 5, 7.25}, 2, 3)
	f := &fakeTB{}
	AssertClose(f, got, want, 1e-5, 1e-8)
	if len(f.errors) != 1 || !f.helper {
		t.Fatalf("want one Errorf after Helper, got %q (Helper %v)", f.errors, f.helper)
	}
	wantMsg := "tensors not close (rtol=1e-05, atol=1e-08): 2 of 6 elements differ, max abs diff 0.5\n" +
		"  shape (2, 3), got float32, want float64\n" +
		"  at (0, 1): got 1.5, want 1\n" +
		"  at (1, 2): got 7, want 7.25"
	if f.errors[0] != wantMsg {
		t.Errorf("message:\n%s\nwant:\n%s", f.errors[0], wantMsg)
	}
}

func TestAssertCloseLimitsReport(t *testing.T) {
	got := tensor.Full(1.0, 10)
	want := tensor.Full(2.0, 10)
	want.Set(1, 0)
	f := &fakeTB{}
	AssertClose(f, got, want, 0, 0.1)
	if len(f.errors) != 1 {
		t.Fatalf("want one error, got %q", f.errors)
	}
	msg := f.errors[0]
	if strings.Count(msg, "  at (") != 5 || !strings.Contains(msg, "at (1,): got 1, want 2") ||
		!strings.Contains(msg, "... and 4 more") || !strings.Contains(msg, "9 of 10 elements differ") {
		t.Errorf("unexpected message:\n%s", msg)
	}
}

func TestAssertCloseNaN(t *testing.T) {
	f := &fakeTB{}
	AssertClose(f, tensor.FromSlice([]float64{math.NaN()}), tensor.FromSlice([]float64{math.NaN()}), 1, 1)
	if len(f.errors) != 1 || !strings.Contains(f.errors[0], "at (0,): got NaN, want NaN") {
		t.Errorf("NaN must never be close, got %q", f.errors)
	}
}

func TestAssertCloseShapeMismatch(t *testing.T) {
	f := &fakeTB{}
	AssertClose(f, tensor.New(tensor.Float32, 2, 3), tensor.New(tensor.Float64, 3, 2), 1, 1)
	want := "tensors differ in shape: got (2, 3) float32, want (3, 2) float64"
	if len(f.errors) != 1 || f.errors[0] != want {
		t.Errorf("got %q, want [%q]", f.errors, want)
	}
	f = &fakeTB{}
	AssertClose(f, nil, tensor.Scalar(1.0), 1, 1)
	if len(f.errors) != 1 || !strings.Contains(f.errors[0], "nil") {
		t.Errorf("nil tensor: got %q", f.errors)
	}
}

func TestIndex(t *testing.T) {
	for _, c := range []struct {
		shape tensor.Shape
		off   int
		want  string
	}{
		{tensor.Shape{}, 0, "()"},
		{tensor.Shape{5}, 3, "(3,)"},
		{tensor.Shape{2, 3, 4}, 23, "(1, 2, 3)"},
		{tensor.Shape{2, 3, 4}, 13, "(1, 0, 1)"},
	} {
		if got := index(c.shape, c.off); got != c.want {
			t.Errorf("index(%v, %d) = %q, want %q", c.shape, c.off, got, c.want)
		}
	}
}
