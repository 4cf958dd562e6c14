package tensor

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// redArange returns arange(24).reshape(2, 3, 4) in the given dtype.
func redArange(d DType) *Tensor {
	t := New(d, 2, 3, 4)
	for i := range 24 {
		t.Set(float64(i), i/12, i/4%3, i%4)
	}
	return t
}

// redClose reports whether got is within tol (relative, with an absolute
// floor of tol) of want; NaN matches only NaN.
func redClose(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// redTol is the comparison tolerance for results of dtype d.
func redTol(d DType) float64 {
	if d == Float32 {
		return 2e-6
	}
	return 1e-13
}

// redCheck compares a result's dtype, shape and values.
func redCheck(t *testing.T, name string, got *Tensor, dtype DType, shape Shape, want []float64) {
	t.Helper()
	if got.DType() != dtype || !got.Shape().Equal(shape) {
		t.Errorf("%s: got %v %v, want %v %v", name, got.DType(), got.Shape(), dtype, shape)
		return
	}
	vals := got.Values()
	for i := range want {
		if !redClose(vals[i], want[i], redTol(dtype)) {
			t.Errorf("%s: got %v, want %v", name, vals, want)
			return
		}
	}
}

// redErr runs f and returns the message of the *Error it panics with.
func redErr(t *testing.T, f func()) string {
	t.Helper()
	var err error
	func() {
		defer Catch(&err)
		f()
	}()
	if err == nil {
		t.Fatalf("expected a panic with *Error")
	}
	return err.Error()
}

// redWantErr checks that f panics with an *Error mentioning every part.
func redWantErr(t *testing.T, name string, f func(), parts ...string) {
	t.Helper()
	msg := redErr(t, f)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: error %q does not mention %q", name, msg, p)
		}
	}
}

// Values for arange(24).reshape(2, 3, 4), as numpy computes them.
var redArangeCases = []struct {
	axes                     []int
	shape, keep              Shape
	sum, mean, max, min, vrc []float64
}{
	{[]int{0}, Shape{3, 4}, Shape{1, 3, 4},
		[]float64{12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34},
		[]float64{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17},
		[]float64{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23},
		[]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
		[]float64{36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36}},
	{[]int{1}, Shape{2, 4}, Shape{2, 1, 4},
		[]float64{12, 15, 18, 21, 48, 51, 54, 57},
		[]float64{4, 5, 6, 7, 16, 17, 18, 19},
		[]float64{8, 9, 10, 11, 20, 21, 22, 23},
		[]float64{0, 1, 2, 3, 12, 13, 14, 15},
		[]float64{32. / 3, 32. / 3, 32. / 3, 32. / 3, 32. / 3, 32. / 3, 32. / 3, 32. / 3}},
	{[]int{2}, Shape{2, 3}, Shape{2, 3, 1},
		[]float64{6, 22, 38, 54, 70, 86},
		[]float64{1.5, 5.5, 9.5, 13.5, 17.5, 21.5},
		[]float64{3, 7, 11, 15, 19, 23},
		[]float64{0, 4, 8, 12, 16, 20},
		[]float64{1.25, 1.25, 1.25, 1.25, 1.25, 1.25}},
	{[]int{-1}, Shape{2, 3}, Shape{2, 3, 1},
		[]float64{6, 22, 38, 54, 70, 86},
		[]float64{1.5, 5.5, 9.5, 13.5, 17.5, 21.5},
		[]float64{3, 7, 11, 15, 19, 23},
		[]float64{0, 4, 8, 12, 16, 20},
		[]float64{1.25, 1.25, 1.25, 1.25, 1.25, 1.25}},
	{[]int{0, 1}, Shape{4}, Shape{1, 1, 4},
		[]float64{60, 66, 72, 78},
		[]float64{10, 11, 12, 13},
		[]float64{20, 21, 22, 23},
		[]float64{0, 1, 2, 3},
		[]float64{140. / 3, 140. / 3, 140. / 3, 140. / 3}},
	{[]int{0, 2}, Shape{3}, Shape{1, 3, 1},
		[]float64{60, 92, 124},
		[]float64{7.5, 11.5, 15.5},
		[]float64{15, 19, 23},
		[]float64{0, 4, 8},
		[]float64{37.25, 37.25, 37.25}},
	{[]int{2, -3}, Shape{3}, Shape{1, 3, 1},
		[]float64{60, 92, 124},
		[]float64{7.5, 11.5, 15.5},
		[]float64{15, 19, 23},
		[]float64{0, 4, 8},
		[]float64{37.25, 37.25, 37.25}},
	{[]int{1, 2}, Shape{2}, Shape{2, 1, 1},
		[]float64{66, 210},
		[]float64{5.5, 17.5},
		[]float64{11, 23},
		[]float64{0, 12},
		[]float64{143. / 12, 143. / 12}},
	{nil, Shape{}, Shape{1, 1, 1},
		[]float64{276}, []float64{11.5}, []float64{23}, []float64{0}, []float64{575. / 12}},
	{[]int{}, Shape{}, Shape{1, 1, 1},
		[]float64{276}, []float64{11.5}, []float64{23}, []float64{0}, []float64{575. / 12}},
	{[]int{0, -2, 2}, Shape{}, Shape{1, 1, 1},
		[]float64{276}, []float64{11.5}, []float64{23}, []float64{0}, []float64{575. / 12}},
}

func TestReduceArange(t *testing.T) {
	type opFn struct {
		name  string
		f     func(*Tensor, []int, bool) *Tensor
		into  func(*Tensor, *Tensor, []int, bool)
		float bool
	}
	ops := []opFn{
		{"Sum", Sum, SumInto, false},
		{"Mean", Mean, MeanInto, true},
		{"Max", Max, MaxInto, false},
		{"Min", Min, MinInto, false},
		{"Variance", Variance, VarianceInto, true},
	}
	for _, d := range []DType{Float32, Float64, Int64} {
		x := redArange(d)
		for _, c := range redArangeCases {
			wants := [][]float64{c.sum, c.mean, c.max, c.min, c.vrc}
			for i, op := range ops {
				if op.float && d == Int64 {
					continue
				}
				for _, keep := range []bool{false, true} {
					shape := c.shape
					if keep {
						shape = c.keep
					}
					name := op.name + "(" + d.String() + ", " + Shape(c.axes).String() + ")"
					if keep {
						name += " keepDims"
					}
					redCheck(t, name, op.f(x, c.axes, keep), d, shape, wants[i])
					dst := New(d, shape...)
					dst.Fill(-7) // Into must overwrite whatever dst holds
					op.into(dst, x, c.axes, keep)
					redCheck(t, name+" Into", dst, d, shape, wants[i])
				}
			}
		}
	}
}

// Examples from the numpy reference documentation.
func TestReduceNumpyDocs(t *testing.T) {
	for _, d := range []DType{Float32, Float64} {
		a := New(d, 2, 2) // np.sum([[0, 1], [0, 5]])
		a.Set(1, 0, 1)
		a.Set(5, 1, 1)
		redCheck(t, "sum axis 0", Sum(a, []int{0}, false), d, Shape{2}, []float64{0, 6})
		redCheck(t, "sum axis 1", Sum(a, []int{1}, false), d, Shape{2}, []float64{1, 5})

		b := New(d, 2, 2) // [[1, 2], [3, 4]]
		for i := range 4 {
			b.Set(float64(i+1), i/2, i%2)
		}
		redCheck(t, "mean", Mean(b, nil, false), d, Shape{}, []float64{2.5})
		redCheck(t, "mean axis 0", Mean(b, []int{0}, false), d, Shape{2}, []float64{2, 3})
		redCheck(t, "mean axis 1", Mean(b, []int{1}, false), d, Shape{2}, []float64{1.5, 3.5})
		redCheck(t, "var", Variance(b, nil, false), d, Shape{}, []float64{1.25})
		redCheck(t, "var axis 0", Variance(b, []int{0}, false), d, Shape{2}, []float64{1, 1})
		redCheck(t, "var axis 1", Variance(b, []int{1}, false), d, Shape{2}, []float64{0.25, 0.25})

		c := New(d, 5) // b = np.arange(5, dtype=float); b[2] = np.nan
		for i := range 5 {
			c.Set(float64(i), i)
		}
		c.Set(math.NaN(), 2)
		redCheck(t, "max nan", Max(c, nil, false), d, Shape{}, []float64{math.NaN()})
		redCheck(t, "min nan", Min(c, nil, false), d, Shape{}, []float64{math.NaN()})
	}
	for _, d := range []DType{Float32, Float64, Int64} {
		a := New(d, 2, 2) // np.arange(4).reshape((2, 2))
		for i := range 4 {
			a.Set(float64(i), i/2, i%2)
		}
		redCheck(t, "amax", Max(a, nil, false), d, Shape{}, []float64{3})
		redCheck(t, "amax axis 0", Max(a, []int{0}, false), d, Shape{2}, []float64{2, 3})
		redCheck(t, "amax axis 1", Max(a, []int{1}, false), d, Shape{2}, []float64{1, 3})
		redCheck(t, "amin", Min(a, nil, false), d, Shape{}, []float64{0})
		redCheck(t, "amin axis 0", Min(a, []int{0}, false), d, Shape{2}, []float64{0, 1})
		redCheck(t, "amin axis 1", Min(a, []int{1}, false), d, Shape{2}, []float64{0, 2})
	}
}

// numpy's documentation shows float32 mean and var going wrong on this
// array (0.54999924 and 0.20250003) and right with float64 accumulation
// (0.55000000074505806 and 0.20249999932944759); we accumulate in float64.
func TestReduceFloat32Accuracy(t *testing.T) {
	const n = 512 * 512
	a := New(Float32, 2, n)
	d := a.Float32s()
	for i := range n {
		d[i], d[n+i] = 1, 0.1
	}
	cases := []struct {
		name string
		got  *Tensor
		want float32
	}{
		{"mean", Mean(a, nil, false), float32(0.55000000074505806)},
		{"var", Variance(a, nil, false), float32(0.20249999932944759)},
		{"sum", Sum(a, nil, false), float32(n * (1 + float64(float32(0.1))))},
		{"sum axis 1", Sum(a, []int{1}, false), float32(n * float64(float32(0.1)))}, // element [1]
		{"mean axis 0", Mean(a, []int{0}, false), float32(0.55000000074505806)},
	}
	for _, c := range cases {
		v := c.got.Float32s()
		if got := v[len(v)-1]; got != c.want {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
	// A long column: the first-axis path must accumulate in float64 too.
	col := Full[float32](0.1, 1<<20, 2)
	want := float32((1 << 20) * float64(float32(0.1)))
	if got := Sum(col, []int{0}, false).Float32s(); got[0] != want || got[1] != want {
		t.Errorf("column sum = %v, want %v", got, want)
	}
}

// Variance with a large offset: the naive E[x²]-E[x]² formula cancels.
func TestVarianceLargeOffset(t *testing.T) {
	for _, d := range []DType{Float32, Float64} {
		x := New(d, 4, 2)
		for i, v := range []float64{4, 7, 13, 16} { // var = 22.5
			x.Set(1e6+v, i, 0)
			x.Set(1e6+v, i, 1)
		}
		redCheck(t, "var axis 0", Variance(x, []int{0}, false), d, Shape{2}, []float64{22.5, 22.5})
		redCheck(t, "var of row sums", Variance(Sum(x, []int{1}, true), []int{0}, false), d, Shape{1}, []float64{90})
	}
}

func TestReduceEmpty(t *testing.T) {
	for _, d := range []DType{Float32, Float64} {
		e := New(d, 0, 3)
		redCheck(t, "sum", Sum(e, []int{0}, false), d, Shape{3}, []float64{0, 0, 0})
		redCheck(t, "sum all", Sum(e, nil, false), d, Shape{}, []float64{0})
		redCheck(t, "mean", Mean(e, []int{0}, false), d, Shape{3}, []float64{math.NaN(), math.NaN(), math.NaN()})
		redCheck(t, "var", Variance(e, nil, true), d, Shape{1, 1}, []float64{math.NaN()})
		redCheck(t, "max over the non-empty axis", Max(e, []int{1}, false), d, Shape{0}, nil)
		redWantErr(t, "max", func() { Max(e, []int{0}, false) }, "tensor.Max:", "(0, 3)")
		redWantErr(t, "min", func() { Min(e, nil, false) }, "tensor.Min:", "(0, 3)")
		redWantErr(t, "maxinto", func() { MaxInto(New(d, 3), e, []int{0}, false) }, "tensor.MaxInto:", "(0, 3)")
	}
	redCheck(t, "int sum", Sum(New(Int64, 2, 0), []int{1}, false), Int64, Shape{2}, []float64{0, 0})
}

func TestReduceNaN(t *testing.T) {
	nan := math.NaN()
	for _, d := range []DType{Float32, Float64} {
		// NaN at the front, inside the unrolled loop and in the tail.
		for _, pos := range []int{0, 3, 6, 10} {
			x := New(d, 11)
			for i := range 11 {
				x.Set(float64(i), i)
			}
			x.Set(nan, pos)
			redCheck(t, "max", Max(x, nil, false), d, Shape{}, []float64{nan})
			redCheck(t, "min", Min(x, nil, false), d, Shape{}, []float64{nan})
			redCheck(t, "sum", Sum(x, nil, false), d, Shape{}, []float64{nan})
			redCheck(t, "var", Variance(x, nil, false), d, Shape{}, []float64{nan})
		}
		// Columns: NaN first, NaN later, no NaN.
		x := FromSlice([]float64{nan, 1, 5, 2, nan, 3, 0, 9, 4}, 3, 3)
		if d == Float32 {
			x = FromSlice([]float32{float32(nan), 1, 5, 2, float32(nan), 3, 0, 9, 4}, 3, 3)
		}
		redCheck(t, "max cols", Max(x, []int{0}, false), d, Shape{3}, []float64{nan, nan, 5})
		redCheck(t, "min cols", Min(x, []int{0}, false), d, Shape{3}, []float64{nan, nan, 3})
		redCheck(t, "max rows", Max(x, []int{1}, false), d, Shape{3}, []float64{nan, nan, 9})
	}
}

func TestReduceInfinities(t *testing.T) {
	inf := math.Inf(1)
	x := FromSlice([]float64{inf, 1, -inf, 2}, 2, 2)
	redCheck(t, "max", Max(x, []int{1}, false), Float64, Shape{2}, []float64{inf, 2})
	redCheck(t, "min", Min(x, []int{0}, false), Float64, Shape{2}, []float64{-inf, 1})
	redCheck(t, "sum", Sum(x, []int{1}, false), Float64, Shape{2}, []float64{inf, -inf})
}

func TestReduceScalar(t *testing.T) {
	s := Scalar(float32(2.5))
	for name, got := range map[string]*Tensor{
		"sum": Sum(s, nil, false), "mean": Mean(s, nil, true), "max": Max(s, nil, false),
	} {
		redCheck(t, name, got, Float32, Shape{}, []float64{2.5})
	}
	redCheck(t, "var", Variance(s, nil, false), Float32, Shape{}, []float64{0})
}

func TestReduceInt64(t *testing.T) {
	x := FromSlice([]int64{math.MaxInt64 - 1, 3, -5, 7}, 2, 2)
	redCheck(t, "max", Max(x, []int{1}, false), Int64, Shape{2}, []float64{math.MaxInt64 - 1, 7})
	got := Sum(x, []int{0}, false).Int64s()
	if want := []int64{math.MaxInt64 - 6, 10}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("int64 column sum = %v, want %v", got, want)
	}
	wrapped := int64(math.MaxInt64 - 1)
	wrapped += 5 // int64 addition wraps around, as in numpy
	if got := Sum(x, nil, false).Int64s()[0]; got != wrapped {
		t.Errorf("int64 sum = %d, want %d", got, wrapped)
	}
}

func TestReduceErrors(t *testing.T) {
	x := redArange(Float32)
	i := redArange(Int64)
	cases := []struct {
		name  string
		f     func()
		parts []string
	}{
		{"axis range", func() { Sum(x, []int{3}, false) }, []string{"tensor.Sum:", "axis 3", "(2, 3, 4)"}},
		{"negative range", func() { Max(x, []int{-4}, false) }, []string{"tensor.Max:", "axis -4", "(2, 3, 4)"}},
		{"duplicate", func() { Min(x, []int{0, -3}, false) }, []string{"tensor.Min:", "duplicate axis 0", "(2, 3, 4)"}},
		{"mean int", func() { Mean(i, nil, false) }, []string{"tensor.Mean:", "int64", "(2, 3, 4)"}},
		{"var int", func() { VarianceInto(New(Int64), i, nil, false) }, []string{"tensor.VarianceInto:", "int64", "(2, 3, 4)"}},
		{"into shape", func() { SumInto(New(Float32, 3), x, []int{0}, false) }, []string{"tensor.SumInto:", "(3, 4)", "(3,)", "(2, 3, 4)"}},
		{"into keep", func() { MeanInto(New(Float32, 3, 4), x, []int{0}, true) }, []string{"tensor.MeanInto:", "(1, 3, 4)", "(2, 3, 4)"}},
		{"into dtype", func() { MaxInto(New(Float64, 3, 4), x, []int{0}, false) }, []string{"tensor.MaxInto:", "float64", "float32", "(3, 4)"}},
		{"into nil", func() { MinInto(nil, x, nil, false) }, []string{"tensor.MinInto:", "nil", "(2, 3, 4)"}},
		{"into axis", func() { SumInto(New(Float32), x, []int{7}, false) }, []string{"tensor.SumInto:", "axis 7", "(2, 3, 4)"}},
	}
	for _, c := range cases {
		redWantErr(t, c.name, c.f, c.parts...)
	}
	// numpy's rank limit of 64 applies; rank 64 itself works.
	ones := func(rank int) *Tensor {
		shape := make([]int, rank)
		for i := range shape {
			shape[i] = 1
		}
		return Full(2.5, shape...)
	}
	redCheck(t, "rank 64", Sum(ones(64), nil, false), Float64, Shape{}, []float64{2.5})
	redCheck(t, "rank 64 last axis", Max(ones(64), []int{63}, false), Float64, ones(63).Shape(), []float64{2.5})
	redWantErr(t, "rank 65", func() { Sum(ones(65), nil, false) }, "tensor.Sum:", "rank 65")
}

// redGroups returns, for each output of reducing a tensor of the given
// shape over mask, the input values that fold into it, in row-major order.
func redGroups(vals []float64, shape Shape, mask uint64) [][]float64 {
	outSize := 1
	for i, d := range shape {
		if !reduced(mask, i) {
			outSize *= d
		}
	}
	groups := make([][]float64, outSize)
	idx := make([]int, len(shape))
	for _, v := range vals {
		o := 0
		for i, d := range shape {
			if !reduced(mask, i) {
				o = o*d + idx[i]
			}
		}
		groups[o] = append(groups[o], v)
		for i := len(shape) - 1; i >= 0; i-- {
			if idx[i]++; idx[i] < shape[i] {
				break
			}
			idx[i] = 0
		}
	}
	return groups
}

// redRef computes reduction k of one group in plain float64.
func redRef(k reduceKind, g []float64) float64 {
	switch k {
	case reduceSum, reduceMean, reduceVar:
		s := 0.0
		for _, v := range g {
			s += v
		}
		if k == reduceSum {
			return s
		}
		m := s / float64(len(g))
		if k == reduceMean {
			return m
		}
		q := 0.0
		for _, v := range g {
			q += (v - m) * (v - m)
		}
		return q / float64(len(g))
	case reduceMax, reduceArgMax:
		b := 0
		for i, v := range g {
			if v > g[b] {
				b = i
			}
		}
		if k == reduceMax {
			return g[b]
		}
		return float64(b)
	default:
		b := 0
		for i, v := range g {
			if v < g[b] {
				b = i
			}
		}
		if k == reduceMin {
			return g[b]
		}
		return float64(b)
	}
}

// redRandom returns a tensor of the given dtype and shape with values in
// [-10, 10) (small integers for int64, with ties).
func redRandom(rng *rand.Rand, d DType, shape ...int) *Tensor {
	t := New(d, shape...)
	for i := range t.Size() {
		v := rng.Float64()*20 - 10
		if d == Int64 {
			v = math.Floor(v)
		}
		switch x := t.Raw().(type) {
		case []float32:
			x[i] = float32(v)
		case []float64:
			x[i] = v
		case []int64:
			x[i] = int64(v)
		}
	}
	return t
}

// newRedRand returns the seeded generator of the reduction tests.
func newRedRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestReduceMatchesReference checks every subset of axes of several shapes
// against a plain loop, covering the row, column and gather paths, their
// parallel variants (the larger shapes) and axes of size 1.
func TestReduceMatchesReference(t *testing.T) {
	rng := newRedRand()
	shapes := []Shape{{5}, {3, 7}, {2, 3, 4}, {3, 1, 5, 2}, {2, 300, 3}, {64, 40, 30}, {3, 5, 2, 4}, {1, 600, 1}}
	kinds := []struct {
		k    reduceKind
		f    func(*Tensor, []int, bool) *Tensor
		ints bool
	}{
		{reduceSum, Sum, true}, {reduceMean, Mean, false}, {reduceVar, Variance, false},
		{reduceMax, Max, true}, {reduceMin, Min, true},
	}
	for _, shape := range shapes {
		for _, d := range []DType{Float32, Float64, Int64} {
			x := redRandom(rng, d, shape...)
			vals := x.Values()
			for mask := uint64(1); mask < 1<<len(shape); mask++ {
				var axes []int
				for i := range shape {
					if reduced(mask, i) {
						axes = append(axes, i-len(shape)*(i%2)) // mix in negative axes
					}
				}
				groups := redGroups(vals, shape, mask)
				want := reduceShape(shape, mask, false)
				for _, kd := range kinds {
					if d == Int64 && !kd.ints {
						continue
					}
					got := kd.f(x, axes, false)
					if !got.Shape().Equal(want) {
						t.Fatalf("%v over %v of %v: shape %v, want %v", kd.k, axes, shape, got.Shape(), want)
					}
					gv := got.Values()
					for o, g := range groups {
						if r := redRef(kd.k, g); !redClose(gv[o], r, 10*redTol(d)) {
							t.Fatalf("%d over %v of %v %v: output %d = %v, want %v", kd.k, axes, d, shape, o, gv[o], r)
						}
					}
				}
			}
		}
	}
}

// The Into forms must not allocate when the reduced axes are adjacent.
func TestReduceIntoDoesNotAllocate(t *testing.T) {
	x := redRandom(rand.New(rand.NewPCG(3, 4)), Float32, 8, 16)
	rows, cols, one := New(Float32, 8), New(Float32, 16), New(Float32)
	idx := New(Int64, 16)
	soft := New(Float32, 8, 16)
	col := New(Float32, 8, 1)
	axis0, axis1 := []int{0}, []int{1}
	cases := map[string]func(){
		"SumInto rows":        func() { SumInto(rows, x, axis1, false) },
		"SumInto cols":        func() { SumInto(cols, x, axis0, false) },
		"SumInto all":         func() { SumInto(one, x, nil, false) },
		"MeanInto":            func() { MeanInto(cols, x, axis0, false) },
		"VarianceInto":        func() { VarianceInto(rows, x, axis1, false) },
		"MaxInto":             func() { MaxInto(cols, x, axis0, false) },
		"MinInto":             func() { MinInto(rows, x, axis1, false) },
		"ArgMaxInto":          func() { ArgMaxInto(idx, x, 0, false) },
		"ArgMinInto":          func() { ArgMinInto(idx, x, 0, false) },
		"SoftmaxInto":         func() { SoftmaxInto(soft, x, -1) },
		"LogSoftmaxInto":      func() { LogSoftmaxInto(soft, x, 0) },
		"SumToInto (bias)":    func() { SumToInto(cols, x) },
		"SumToInto (rows, 1)": func() { SumToInto(col, x) },
	}
	for name, f := range cases {
		if allocs := testing.AllocsPerRun(20, f); allocs > 0 {
			t.Errorf("%s allocates %v times per call", name, allocs)
		}
	}
}
