package tensor

import "testing"

func TestOneHotPinned(t *testing.T) {
	for _, dt := range shpDTypes {
		shpCheck(t, "OneHot vector", OneHot(FromSlice([]int64{2, 0, 1, 2}), 3, dt), dt, Shape{4, 3},
			[]float64{0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1})
		shpCheck(t, "OneHot matrix", OneHot(FromSlice([]int64{1, 0, 0, 1}, 2, 2), 2, dt), dt, Shape{2, 2, 2},
			[]float64{0, 1, 1, 0, 1, 0, 0, 1})
		shpCheck(t, "OneHot scalar", OneHot(Scalar[int64](3), 5, dt), dt, Shape{5}, []float64{0, 0, 0, 1, 0})
		shpCheck(t, "OneHot no labels", OneHot(New(Int64, 0), 4, dt), dt, Shape{0, 4}, nil)
		shpCheck(t, "OneHot depth 0", OneHot(New(Int64, 0), 0, dt), dt, Shape{0, 0}, nil)
	}
	dst := Full[float32](7, 2, 3) // stale contents must be overwritten
	OneHotInto(dst, FromSlice([]int64{1, 2}))
	shpCheck(t, "OneHotInto", dst, Float32, Shape{2, 3}, []float64{0, 1, 0, 0, 0, 1})
}

func TestOneHotErrors(t *testing.T) {
	labels := FromSlice([]int64{0, 3, 1})
	shpWantErr(t, "label = depth", func() { OneHot(labels, 3, Float32) }, "tensor.OneHot", "label 3", "depth 3", "(3,)")
	shpWantErr(t, "negative label", func() { OneHot(FromSlice([]int64{-1}), 3, Float32) }, "tensor.OneHot", "label -1", "depth 3")
	for _, op := range []struct {
		name string
		f    func()
	}{
		{"OneHot", func() { OneHot(FromSlice([]float32{0, 1}), 2, Float32) }},
		{"OneHotInto", func() { OneHotInto(New(Float32, 2, 2), FromSlice([]float32{0, 1})) }},
	} {
		want := "tensor." + op.name + ": labels must be int64 class indices, got float32; for float labels holding " +
			"whole numbers (as read from CSV) use datasets.ToCategorical, or Cast them to Int64 first (shapes (2,))"
		if e := shpErr(op.f); e == nil || e.Error() != want {
			t.Errorf("float labels: got %v, want %q", e, want)
		}
	}
	shpWantErr(t, "negative depth", func() { OneHot(labels, -1, Float32) }, "tensor.OneHot", "depth -1")
	shpWantErr(t, "bad dtype", func() { OneHot(labels, 4, DType(0)) }, "tensor.OneHot", "invalid dtype")
	shpWantErr(t, "into shape", func() { OneHotInto(New(Float32, 2, 4), labels) }, "tensor.OneHotInto", "(2, 4)", "(3,)")
}
