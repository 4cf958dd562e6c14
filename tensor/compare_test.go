package tensor

import (
	"math"
	"testing"
)

func TestComparePinned(t *testing.T) {
	nan := math.NaN()
	a := []float64{1, 2, 3, nan}
	b := []float64{2, 2, 2, 2}
	cases := []struct {
		name string
		f    func(a, b *Tensor) *Tensor
		into func(dst, a, b *Tensor)
		want []float64 // a op b, elementwise; the last element compares NaN
		rev  []float64 // b op a with b a broadcast scalar on the left
	}{
		{"Equal", Equal, EqualInto, []float64{0, 1, 0, 0}, []float64{0, 1, 0, 0}},
		{"NotEqual", NotEqual, NotEqualInto, []float64{1, 0, 1, 1}, []float64{1, 0, 1, 1}},
		{"Less", Less, LessInto, []float64{1, 0, 0, 0}, []float64{0, 0, 1, 0}},
		{"LessEqual", LessEqual, LessEqualInto, []float64{1, 1, 0, 0}, []float64{0, 1, 1, 0}},
		{"Greater", Greater, GreaterInto, []float64{0, 0, 1, 0}, []float64{1, 0, 0, 0}},
		{"GreaterEqual", GreaterEqual, GreaterEqualInto, []float64{0, 1, 1, 0}, []float64{1, 1, 0, 0}},
	}
	for _, c := range cases {
		for _, dt := range ewAllDTypes {
			n := 4
			if dt == Int64 { // no NaN in int64
				n = 3
			}
			x, y := ewT(dt, Shape{n}, a[:n]...), ewT(dt, Shape{n}, b[:n]...)
			ewCheck(t, c.name+" "+dt.String(), c.f(x, y), dt, Shape{n}, c.want[:n], 0)
			s := ewT(dt, Shape{}, 2)
			ewCheck(t, c.name+" vector-scalar "+dt.String(), c.f(x, s), dt, Shape{n}, c.want[:n], 0)
			ewCheck(t, c.name+" scalar-vector "+dt.String(), c.f(s, x), dt, Shape{n}, c.rev[:n], 0)
			dst := New(dt, n)
			c.into(dst, x, y)
			ewCheck(t, c.name+"Into "+dt.String(), dst, dt, Shape{n}, c.want[:n], 0)
		}
	}
}

func TestCompareBroadcast(t *testing.T) {
	for _, dt := range ewAllDTypes {
		col := ewT(dt, Shape{3, 1}, 1, 2, 3)
		row := ewT(dt, Shape{3}, 1, 2, 3)
		ewCheck(t, "Less col row "+dt.String(), Less(col, row), dt, Shape{3, 3},
			[]float64{0, 1, 1, 0, 0, 1, 0, 0, 0}, 0)
		ewCheck(t, "Equal col row "+dt.String(), Equal(col, row), dt, Shape{3, 3},
			[]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 0)
	}
	ewWantErr(t, "Greater shapes", func() { Greater(New(Float32, 2, 3), New(Float32, 4)) },
		"Greater", "(2, 3)", "(4,)")
	ewWantErr(t, "Equal dtypes", func() { Equal(New(Float32, 2), New(Int64, 2)) },
		"Equal", "float32", "int64")
}

func TestWherePinned(t *testing.T) {
	nan := math.NaN()
	for _, cdt := range ewAllDTypes {
		for _, dt := range ewAllDTypes {
			cond := ewT(cdt, Shape{2, 3}, 1, 0, -2, 0, 0.5, 0)
			a := ewT(dt, Shape{2, 3}, 1, 2, 3, 4, 5, 6)
			b := ewT(dt, Shape{2, 3}, -1, -2, -3, -4, -5, -6)
			want := []float64{1, -2, 3, -4, 5, -6}
			if cdt == Int64 { // 0.5 truncates to 0
				want[4] = -5
			}
			ewCheck(t, "Where same "+cdt.String()+"/"+dt.String(), Where(cond, a, b), dt, Shape{2, 3}, want, 0)

			// cond is a column, a a row, b a scalar.
			ccol := ewT(cdt, Shape{2, 1}, 0, 1)
			arow := ewT(dt, Shape{3}, 7, 8, 9)
			bs := ewT(dt, Shape{}, -1)
			ewCheck(t, "Where bcast "+cdt.String()+"/"+dt.String(), Where(ccol, arow, bs), dt, Shape{2, 3},
				[]float64{-1, -1, -1, 7, 8, 9}, 0)
			// Rank extension over all three: (2,1,1), (3,1), (4,).
			c3 := ewT(cdt, Shape{2, 1, 1}, 1, 0)
			a3 := ewT(dt, Shape{3, 1}, 10, 20, 30)
			b3 := ewT(dt, Shape{4}, 1, 2, 3, 4)
			dst := New(dt, 2, 3, 4)
			WhereInto(dst, c3, a3, b3)
			ewCheck(t, "WhereInto rank-extend "+cdt.String()+"/"+dt.String(), dst, dt, Shape{2, 3, 4},
				[]float64{10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, 0)
		}
	}
	// A NaN condition counts as true, like numpy.
	ewCheck(t, "Where NaN cond", Where(ewT(Float64, Shape{2}, nan, 0), ewT(Float32, Shape{2}, 1, 1), ewT(Float32, Shape{2}, 2, 2)),
		Float32, Shape{2}, []float64{1, 2}, 0)
	// Zero-size output.
	ewCheck(t, "Where empty", Where(New(Int64, 0, 1), New(Float32, 3), New(Float32, 1)), Float32, Shape{0, 3}, nil, 0)
}

func TestWhereLargeMatchesMask(t *testing.T) {
	for _, shapes := range [][3]Shape{
		{{100003}, {100003}, {100003}},
		{{300, 1}, {300, 301}, {301}},
		{{1, 301}, {300, 1}, {}},
	} {
		c := ewT(Float32, shapes[0], ewSeq(shapes[0].Size(), -3)...)
		a := ewT(Float64, shapes[1], ewSeq(shapes[1].Size(), 1)...)
		b := ewT(Float64, shapes[2], ewSeq(shapes[2].Size(), 1000)...)
		// Where(c, a, b) = b + (c != 0) * (a - b).
		mask := Cast(NotEqual(c, New(Float32)), Float64)
		want := Add(b, Mul(mask, Sub(a, b)))
		ewCheck(t, "Where large "+shapes[0].String()+shapes[1].String()+shapes[2].String(),
			Where(c, a, b), Float64, want.Shape(), want.Values(), 0)
	}
}

func TestWhereErrors(t *testing.T) {
	f := func(s ...int) *Tensor { return New(Float32, s...) }
	ewWantErr(t, "Where shapes", func() { Where(f(2, 3), f(3), f(4)) }, "Where", "(2, 3)", "(3,)", "(4,)")
	ewWantErr(t, "Where dtypes", func() { Where(f(2), f(2), New(Int64, 2)) }, "Where", "float32", "int64")
	ewWantErr(t, "WhereInto dst", func() { WhereInto(f(3), f(2, 1), f(3), f(1)) }, "WhereInto", "dst", "(3,)", "(2, 3)")
	ewWantErr(t, "WhereInto dst dtype", func() { WhereInto(New(Int64, 3), New(Int64, 3), f(3), f(3)) },
		"WhereInto", "int64", "float32")
}
