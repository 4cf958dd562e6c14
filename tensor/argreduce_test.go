package tensor

import (
	"math"
	"testing"
)

func TestArgMaxArgMin(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name     string
		data     []float64
		shape    Shape
		axis     int
		keep     bool
		op       func(*Tensor, int, bool) *Tensor
		into     func(*Tensor, *Tensor, int, bool)
		outShape Shape
		want     []float64
		floatsOK bool // the data needs a float dtype (NaN)
	}{
		// numpy docs: a = np.arange(6).reshape(2, 3) + 10
		{"argmax axis 0", []float64{10, 11, 12, 13, 14, 15}, Shape{2, 3}, 0, false, ArgMax, ArgMaxInto, Shape{3}, []float64{1, 1, 1}, false},
		{"argmax axis 1", []float64{10, 11, 12, 13, 14, 15}, Shape{2, 3}, 1, false, ArgMax, ArgMaxInto, Shape{2}, []float64{2, 2}, false},
		{"argmax axis -1 keep", []float64{10, 11, 12, 13, 14, 15}, Shape{2, 3}, -1, true, ArgMax, ArgMaxInto, Shape{2, 1}, []float64{2, 2}, false},
		{"argmin axis 0 keep", []float64{10, 11, 12, 13, 14, 15}, Shape{2, 3}, 0, true, ArgMin, ArgMinInto, Shape{1, 3}, []float64{0, 0, 0}, false},
		// numpy docs: b = np.arange(6); b[1] = 5 -> first occurrence, 1
		{"argmax ties", []float64{0, 5, 2, 3, 4, 5}, Shape{6}, 0, false, ArgMax, ArgMaxInto, Shape{}, []float64{1}, false},
		{"argmin ties", []float64{3, 1, 2, 1, 1}, Shape{5}, 0, false, ArgMin, ArgMinInto, Shape{}, []float64{1}, false},
		{"argmax ties cols", []float64{1, 7, 3, 7, 3, 2}, Shape{3, 2}, 0, false, ArgMax, ArgMaxInto, Shape{2}, []float64{1, 0}, false},
		{"argmin ties cols", []float64{1, 7, 0, 2, 0, 2}, Shape{3, 2}, 0, false, ArgMin, ArgMinInto, Shape{2}, []float64{1, 1}, false},
		// NaN counts as the extreme; the first NaN wins.
		{"argmax nan", []float64{1, nan, 5, nan}, Shape{4}, 0, false, ArgMax, ArgMaxInto, Shape{}, []float64{1}, true},
		{"argmax nan first", []float64{nan, 9}, Shape{2}, 0, false, ArgMax, ArgMaxInto, Shape{}, []float64{0}, true},
		{"argmin nan", []float64{2, 0, nan, -1}, Shape{4}, 0, false, ArgMin, ArgMinInto, Shape{}, []float64{2}, true},
		{"argmax nan cols", []float64{1, nan, 3, 4, 3, nan, nan, 0}, Shape{4, 2}, 0, false, ArgMax, ArgMaxInto, Shape{2}, []float64{3, 0}, true},
		{"argmin nan cols", []float64{1, 2, nan, 0, -5, nan}, Shape{3, 2}, 0, false, ArgMin, ArgMinInto, Shape{2}, []float64{1, 2}, true},
		// Middle axis of (2, 3, 2).
		{"argmax middle", []float64{0, 9, 4, 1, 2, 3, 7, 7, 8, 7, 6, 9}, Shape{2, 3, 2}, 1, false, ArgMax, ArgMaxInto, Shape{2, 2}, []float64{1, 0, 1, 2}, false},
	}
	for _, c := range cases {
		for _, d := range []DType{Float32, Float64, Int64} {
			if d == Int64 && c.floatsOK {
				continue
			}
			x := New(d, c.shape...)
			for i, v := range c.data {
				switch r := x.Raw().(type) {
				case []float32:
					r[i] = float32(v)
				case []float64:
					r[i] = v
				case []int64:
					r[i] = int64(v)
				}
			}
			name := c.name + " " + d.String()
			redCheck(t, name, c.op(x, c.axis, c.keep), Int64, c.outShape, c.want)
			dst := Full[int64](-3, c.outShape...)
			c.into(dst, x, c.axis, c.keep)
			redCheck(t, name+" Into", dst, Int64, c.outShape, c.want)
		}
	}
}

func TestArgReduceMatchesReference(t *testing.T) {
	rng := newRedRand()
	for _, shape := range []Shape{{7}, {4, 9}, {3, 5, 6}, {2, 1, 3}, {300, 250}} {
		for _, d := range []DType{Float32, Float64, Int64} {
			x := redRandom(rng, d, shape...)
			vals := x.Values()
			for axis := range shape {
				groups := redGroups(vals, shape, 1<<axis)
				for _, k := range []reduceKind{reduceArgMax, reduceArgMin} {
					f := ArgMax
					if k == reduceArgMin {
						f = ArgMin
					}
					got := f(x, axis, false).Values()
					for o, g := range groups {
						if want := redRef(k, g); got[o] != want {
							t.Fatalf("arg kind %d over axis %d of %v %v: output %d = %v, want %v", k, axis, d, shape, o, got[o], want)
						}
					}
				}
			}
		}
	}
}

func TestArgReduceErrors(t *testing.T) {
	x := redArange(Float64)
	redWantErr(t, "axis", func() { ArgMax(x, 3, false) }, "tensor.ArgMax:", "axis 3", "(2, 3, 4)")
	redWantErr(t, "scalar", func() { ArgMin(Scalar(1.0), 0, false) }, "tensor.ArgMin:", "axis 0", "()")
	redWantErr(t, "empty", func() { ArgMax(New(Float32, 3, 0), 1, false) }, "tensor.ArgMax:", "zero-size", "(3, 0)")
	redWantErr(t, "dtype", func() { ArgMaxInto(New(Float64, 3, 4), x, 0, false) }, "tensor.ArgMaxInto:", "int64", "(3, 4)")
	redWantErr(t, "shape", func() { ArgMinInto(New(Int64, 3, 4), x, 1, false) }, "tensor.ArgMinInto:", "(2, 4)", "(3, 4)", "(2, 3, 4)")
	// An empty output along a non-empty axis is fine.
	redCheck(t, "empty outer", ArgMax(New(Float32, 0, 3), 1, false), Int64, Shape{0}, nil)
}

// NaN and ties at every position class of the row kernel: the first
// element, inside an unrolled block of four, and in the tail.
func TestArgReduceRowPositions(t *testing.T) {
	for _, d := range []DType{Float32, Float64} {
		for _, pos := range []int{0, 3, 6, 10} {
			data := []float64{2, 7, 1, 7, 0, 7, 1, 0, 7, 1, 0}
			data[pos] = math.NaN()
			if pos < 10 {
				data[10] = math.NaN() // a later NaN must not win
			}
			x := redFill(d, data, 11)
			redCheck(t, "argmax nan", ArgMax(x, 0, false), Int64, Shape{}, []float64{float64(pos)})
			redCheck(t, "argmin nan", ArgMin(x, 0, false), Int64, Shape{}, []float64{float64(pos)})
		}
		x := redFill(d, []float64{2, 7, 1, 7, 0, 7, 1, 0, 9, 1, 9}, 11)
		redCheck(t, "argmax tie", ArgMax(x, 0, false), Int64, Shape{}, []float64{8})
		x = redFill(d, []float64{2, 7, 1, 7, 0, 7, 1, 0, 7, -1, -1}, 11)
		redCheck(t, "argmin tie", ArgMin(x, 0, false), Int64, Shape{}, []float64{9})
		x = redFill(d, []float64{2, 7, 1, 7, 0, 7, 1, 0, 7, 1, 0}, 11)
		redCheck(t, "argmax tie in block", ArgMax(x, 0, false), Int64, Shape{}, []float64{1})
		redCheck(t, "argmin tie in block", ArgMin(x, 0, false), Int64, Shape{}, []float64{4})
	}
}
