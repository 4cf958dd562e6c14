package tensor

import (
	"errors"
	"strings"
	"testing"
)

func TestBroadcastShapes(t *testing.T) {
	cases := []struct {
		a, b, want Shape
		ok         bool
	}{
		{Shape{2, 3}, Shape{2, 3}, Shape{2, 3}, true},
		{Shape{2, 3}, Shape{3}, Shape{2, 3}, true},
		{Shape{2, 1}, Shape{1, 3}, Shape{2, 3}, true},
		{Shape{}, Shape{4, 5}, Shape{4, 5}, true},
		{Shape{5, 1, 4}, Shape{3, 1}, Shape{5, 3, 4}, true},
		{Shape{0, 1}, Shape{1, 7}, Shape{0, 7}, true},
		{Shape{2, 3}, Shape{4}, nil, false},
		{Shape{2, 1}, Shape{8, 4, 3}, nil, false},
	}
	for _, c := range cases {
		got, ok := BroadcastShapes(c.a, c.b)
		if ok != c.ok || (ok && !got.Equal(c.want)) {
			t.Errorf("BroadcastShapes(%v, %v) = %v, %v; want %v, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestShapeString(t *testing.T) {
	for s, want := range map[string]Shape{"()": {}, "(5,)": {5}, "(2, 3)": {2, 3}} {
		if got := s; got != want.String() {
			t.Errorf("Shape%v.String() = %q, want %q", []int(want), want.String(), s)
		}
	}
}

func TestFromSliceInfersAndChecks(t *testing.T) {
	x := FromSlice([]float32{1, 2, 3, 4, 5, 6}, -1, 3)
	if !x.Shape().Equal(Shape{2, 3}) || x.DType() != Float32 {
		t.Fatalf("got %v %v", x.Shape(), x.DType())
	}
	if x.At(1, 2) != 6 || x.At(-1, 0) != 4 {
		t.Fatalf("At gives %v, %v", x.At(1, 2), x.At(-1, 0))
	}
	err := func() (err error) {
		defer Catch(&err)
		FromSlice([]float64{1, 2, 3}, 2, 2)
		return nil
	}()
	var te *Error
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "FromSlice") {
		t.Fatalf("want a FromSlice *Error, got %v", err)
	}
}

func TestConstructors(t *testing.T) {
	if got := Arange[int64](0, 5, 2).Int64s(); len(got) != 3 || got[2] != 4 {
		t.Errorf("Arange(0,5,2) = %v", got)
	}
	if got := Arange[float64](1, 0, -0.25).Float64s(); len(got) != 4 || got[3] != 0.25 {
		t.Errorf("Arange(1,0,-0.25) = %v", got)
	}
	if got := Linspace[float64](0, 1, 5).Float64s(); got[1] != 0.25 || got[4] != 1 {
		t.Errorf("Linspace(0,1,5) = %v", got)
	}
	e := Eye(Float64, 3)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if e.At(i, j) != want {
				t.Fatalf("Eye(3)[%d,%d] = %v", i, j, e.At(i, j))
			}
		}
	}
	if o := Ones(Int64, 2, 2); o.Values()[3] != 1 {
		t.Errorf("Ones = %v", o.Values())
	}
	if f := Full[float32](2.5, 3); f.Float32s()[2] != 2.5 {
		t.Errorf("Full = %v", f.Values())
	}
	if s := Scalar(3.0); s.Rank() != 0 || s.Item() != 3 {
		t.Errorf("Scalar = %v", s.Values())
	}
}
