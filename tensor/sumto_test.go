package tensor

import "testing"

func TestSumTo(t *testing.T) {
	arange := func(d DType, shape ...int) *Tensor {
		x := New(d, shape...)
		for i := range x.Size() {
			x.Set(float64(i+1), redUnravel(x.Shape(), i)...)
		}
		return x
	}
	cases := []struct {
		from, to Shape
		want     []float64
	}{
		{Shape{2, 3}, Shape{3}, []float64{5, 7, 9}},             // [[1 2 3] [4 5 6]]
		{Shape{2, 3}, Shape{2, 1}, []float64{6, 15}},            // row sums
		{Shape{2, 3}, Shape{1, 3}, []float64{5, 7, 9}},          // keep-dims column sums
		{Shape{2, 3}, Shape{}, []float64{21}},                   // scalar
		{Shape{2, 3}, Shape{1, 1}, []float64{21}},               // all, kept
		{Shape{2, 3}, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}}, // nothing to sum
		{Shape{4, 2, 3}, Shape{1, 3}, []float64{92, 100, 108}},  // 1..24: leading axis and a 1
		{Shape{4, 2, 3}, Shape{2, 1}, []float64{132, 168}},      // leading axis and the last (gather path)
		{Shape{3, 1}, Shape{1}, []float64{6}},
		{Shape{0, 3}, Shape{3}, []float64{0, 0, 0}},
	}
	for _, c := range cases {
		for _, d := range []DType{Float32, Float64, Int64} {
			x := arange(d, c.from...)
			name := "SumTo " + c.from.String() + " -> " + c.to.String() + " " + d.String()
			redCheck(t, name, SumTo(x, c.to), d, c.to, c.want)
			dst := New(d, c.to...)
			dst.Fill(99)
			SumToInto(dst, x)
			redCheck(t, name+" Into", dst, d, c.to, c.want)
		}
	}
}

func TestSumToErrors(t *testing.T) {
	x := New(Float32, 2, 3)
	redWantErr(t, "mismatch", func() { SumTo(x, Shape{4}) }, "tensor.SumTo:", "(4,)", "(2, 3)")
	redWantErr(t, "leading", func() { SumTo(x, Shape{2}) }, "tensor.SumTo:", "(2,)", "(2, 3)")
	redWantErr(t, "longer", func() { SumTo(x, Shape{1, 2, 3}) }, "tensor.SumTo:", "(1, 2, 3)", "(2, 3)")
	redWantErr(t, "negative", func() { SumTo(x, Shape{-1, 3}) }, "tensor.SumTo:", "(-1, 3)", "(2, 3)")
	redWantErr(t, "into", func() { SumToInto(New(Float32, 3, 1), x) }, "tensor.SumToInto:", "(3, 1)", "(2, 3)")
	redWantErr(t, "into dtype", func() { SumToInto(New(Int64, 3), x) }, "tensor.SumToInto:", "int64", "float32", "(3,)")
}
