package tensor

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// Test helpers shared by the shape-op tests (prefixed shp to keep clear of
// other files' helpers).

var shpDTypes = []DType{Float32, Float64, Int64}

// shpMake returns a tensor of dtype dt and the given shape holding vals.
func shpMake(dt DType, vals []float64, shape ...int) *Tensor {
	t := New(dt, shape...)
	if len(vals) != t.Size() {
		panic("shpMake: wrong number of values")
	}
	switch d := t.Raw().(type) {
	case []float32:
		for i, v := range vals {
			d[i] = float32(v)
		}
	case []float64:
		copy(d, vals)
	case []int64:
		for i, v := range vals {
			d[i] = int64(v)
		}
	}
	return t
}

// shpSeq returns a tensor of dtype dt and the given shape holding 0, 1, 2, ...
func shpSeq(dt DType, shape ...int) *Tensor {
	vals := make([]float64, Shape(shape).Size())
	for i := range vals {
		vals[i] = float64(i)
	}
	return shpMake(dt, vals, shape...)
}

// shpRand returns a tensor of dtype dt and the given shape with random
// integral values in [-50, 50) (exact in every dtype).
func shpRand(rng *rand.Rand, dt DType, shape ...int) *Tensor {
	vals := make([]float64, Shape(shape).Size())
	for i := range vals {
		vals[i] = float64(rng.IntN(100) - 50)
	}
	return shpMake(dt, vals, shape...)
}

// shpCheck fails the test unless got has dtype dt, the given shape and the
// values want.
func shpCheck(t *testing.T, name string, got *Tensor, dt DType, shape Shape, want []float64) {
	t.Helper()
	if got.DType() != dt || !got.Shape().Equal(shape) {
		t.Fatalf("%s: got %v %v, want %v %v", name, got.DType(), got.Shape(), dt, shape)
	}
	gv := got.Values()
	if len(gv) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(gv), len(want))
	}
	for i := range want {
		if gv[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", name, gv, want)
		}
	}
}

// shpErr runs f and returns the *Error it panics with (nil if none).
func shpErr(f func()) (e *Error) {
	err := func() (err error) {
		defer Catch(&err)
		f()
		return nil
	}()
	if err != nil && !errors.As(err, &e) {
		panic("not an *Error")
	}
	return e
}

// shpWantErr fails unless f panics with an *Error whose message contains
// every one of parts (the op's name and the shapes).
func shpWantErr(t *testing.T, name string, f func(), parts ...string) {
	t.Helper()
	e := shpErr(f)
	if e == nil {
		t.Fatalf("%s: no error, want one mentioning %q", name, parts)
	}
	for _, p := range parts {
		if !strings.Contains(e.Error(), p) {
			t.Errorf("%s: error %q does not mention %q", name, e.Error(), p)
		}
	}
}

func TestReshapePinned(t *testing.T) {
	seq := []float64{0, 1, 2, 3, 4, 5}
	cases := []struct {
		shape []int
		want  Shape
	}{
		{[]int{3, 2}, Shape{3, 2}},
		{[]int{-1}, Shape{6}},
		{[]int{3, -1}, Shape{3, 2}},
		{[]int{1, -1, 1, 3}, Shape{1, 2, 1, 3}},
		{[]int{6, 1}, Shape{6, 1}},
	}
	for _, dt := range shpDTypes {
		x := shpSeq(dt, 2, 3)
		for _, c := range cases {
			shpCheck(t, "Reshape"+Shape(c.shape).String(), Reshape(x, c.shape...), dt, c.want, seq)
			shpCheck(t, "method Reshape", x.Reshape(c.shape...), dt, c.want, seq)
		}
		shpCheck(t, "Reshape to scalar", Reshape(shpSeq(dt, 1, 1)), dt, Shape{}, []float64{0})
		shpCheck(t, "Reshape zero-size", Reshape(New(dt, 0, 3), 3, 0, 2), dt, Shape{3, 0, 2}, nil)
	}
}

func TestReshapeSharesMemory(t *testing.T) {
	x := shpSeq(Float32, 2, 3)
	v := x.Reshape(3, 2)
	v.Set(100, 2, 1)
	if x.At(1, 2) != 100 {
		t.Fatalf("write through the view did not reach the original: %v", x.Values())
	}
	x.Set(-7, 0, 1)
	if v.At(0, 1) != -7 {
		t.Fatalf("write to the original does not show in the view: %v", v.Values())
	}
	if !x.Shape().Equal(Shape{2, 3}) {
		t.Fatalf("Reshape changed the original's shape to %v", x.Shape())
	}
}

func TestReshapeErrors(t *testing.T) {
	x := New(Float64, 2, 3)
	shpWantErr(t, "wrong size", func() { Reshape(x, 4, 4) }, "tensor.Reshape", "(2, 3)", "(4, 4)")
	shpWantErr(t, "two -1", func() { x.Reshape(-1, -1) }, "tensor.Reshape", "(2, 3)", "(-1, -1)")
	shpWantErr(t, "not divisible", func() { Reshape(x, 4, -1) }, "tensor.Reshape", "(2, 3)", "(4, -1)")
	shpWantErr(t, "negative", func() { Reshape(x, -2, -3) }, "tensor.Reshape", "(2, 3)")
	shpWantErr(t, "infer with zero", func() { Reshape(New(Float64, 0, 3), 0, -1) }, "tensor.Reshape", "(0, 3)")
}

func TestExpandDims(t *testing.T) {
	cases := []struct {
		axis int
		want Shape
	}{
		{0, Shape{1, 2, 3}}, {1, Shape{2, 1, 3}}, {2, Shape{2, 3, 1}},
		{-1, Shape{2, 3, 1}}, {-2, Shape{2, 1, 3}}, {-3, Shape{1, 2, 3}},
	}
	seq := []float64{0, 1, 2, 3, 4, 5}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			shpCheck(t, "ExpandDims", ExpandDims(shpSeq(dt, 2, 3), c.axis), dt, c.want, seq)
		}
	}
	shpCheck(t, "ExpandDims scalar", ExpandDims(Scalar(int64(4)), -1), Int64, Shape{1}, []float64{4})
	x := shpSeq(Float64, 2, 3)
	v := ExpandDims(x, 1)
	v.Set(9, 1, 0, 2)
	if x.At(1, 2) != 9 {
		t.Fatal("ExpandDims view does not share memory")
	}
	shpWantErr(t, "axis 3", func() { ExpandDims(x, 3) }, "tensor.ExpandDims", "axis 3", "rank 3")
	shpWantErr(t, "axis -4", func() { ExpandDims(x, -4) }, "tensor.ExpandDims", "axis -4")
}

func TestSqueeze(t *testing.T) {
	cases := []struct {
		axes []int
		want Shape
	}{
		{nil, Shape{2, 3}},
		{[]int{0}, Shape{2, 1, 3, 1}},
		{[]int{-1, 2}, Shape{1, 2, 3}},
		{[]int{0, 2, 4}, Shape{2, 3}},
	}
	seq := []float64{0, 1, 2, 3, 4, 5}
	for _, dt := range shpDTypes {
		for _, c := range cases {
			shpCheck(t, "Squeeze", Squeeze(shpSeq(dt, 1, 2, 1, 3, 1), c.axes...), dt, c.want, seq)
		}
	}
	shpCheck(t, "Squeeze to scalar", Squeeze(shpSeq(Float32, 1, 1)), Float32, Shape{}, []float64{0})
	shpCheck(t, "Squeeze zero-size", Squeeze(New(Int64, 0, 1)), Int64, Shape{0}, nil)

	x := shpSeq(Float32, 1, 2, 1, 3, 1)
	v := Squeeze(x)
	v.Set(42, 0, 0)
	if x.At(0, 0, 0, 0, 0) != 42 {
		t.Fatal("Squeeze view does not share memory")
	}
	shpWantErr(t, "non-1 axis", func() { Squeeze(x, 1) }, "tensor.Squeeze", "axis 1 of size 2", "(1, 2, 1, 3, 1)")
	shpWantErr(t, "repeated axis", func() { Squeeze(x, 0, -5) }, "tensor.Squeeze", "twice", "(1, 2, 1, 3, 1)")
	shpWantErr(t, "bad axis", func() { Squeeze(x, 5) }, "tensor.Squeeze", "axis 5")
}
