package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// batchOf stacks a sample with a copy of it scaled by 10, the two-sample
// batches of the merge tests: every merge but Multiply is positively
// homogeneous, so its second output sample is its first scaled by 10.
func batchOf(sample []float64, shape ...int) *tensor.Tensor {
	data := append([]float64{}, sample...)
	for _, v := range sample {
		data = append(data, 10*v)
	}
	return tensor.FromSlice(data, append([]int{2}, shape...)...)
}

// Merge inputs: a is (2, 3) per sample, b is (1, 3) and broadcasts along
// axis 1, c is (2, 1) and broadcasts along axis 2:
//
//	a = [[1, −2, 3], [−4, 5, −6]]   b = [[2, −3, 0.5]]   c = [[1], [2]]
var (
	mergeA = []float64{1, -2, 3, -4, 5, -6}
	mergeB = []float64{2, -3, 0.5}
	mergeC = []float64{1, 2}
)

// TestMergeKnownValues checks every elementwise merge on the inputs above,
// worked out by hand, with the second batch sample ten times the first.
func TestMergeKnownValues(t *testing.T) {
	ab := []tensor.Shape{{2, 3}, {1, 3}}
	abc := []tensor.Shape{{2, 3}, {1, 3}, {2, 1}}
	for _, c := range []struct {
		l      Layer
		shapes []tensor.Shape
		want   []float64 // first sample, (2, 3)
		scale  float64   // second sample over first
	}{
		{&Add{}, ab, []float64{3, -5, 3.5, -2, 2, -5.5}, 10},
		{&Add{}, abc, []float64{4, -4, 4.5, 0, 4, -3.5}, 10},
		{&Subtract{}, ab, []float64{-1, 1, 2.5, -6, 8, -6.5}, 10},
		{&Multiply{}, ab, []float64{2, 6, 1.5, -8, -15, -3}, 100},
		{&Multiply{}, abc, []float64{2, 6, 1.5, -16, -30, -6}, 1000},
		{&Average{}, ab, []float64{1.5, -2.5, 1.75, -1, 1, -2.75}, 10},
		{&Average{}, abc, []float64{4.0 / 3, -4.0 / 3, 1.5, 0, 4.0 / 3, -3.5 / 3}, 10},
		{&Maximum{}, ab, []float64{2, -2, 3, 2, 5, 0.5}, 10},
		{&Maximum{}, abc, []float64{2, 1, 3, 2, 5, 2}, 10},
		{&Minimum{}, ab, []float64{1, -3, 0.5, -4, -3, -6}, 10},
		{&Minimum{}, abc, []float64{1, -3, 0.5, -4, -3, -6}, 10},
	} {
		name := c.l.Type() + FormatShapes(c.shapes)
		out, err := c.l.OutputShapes(c.shapes)
		if err != nil || len(out) != 1 || !out[0].Equal(tensor.Shape{2, 3}) {
			t.Errorf("%s: OutputShapes = %v, %v; want [(2, 3)]", name, out, err)
			continue
		}
		h := buildAndCall(t, c.l, tensor.Float64, false, c.shapes...)
		if !h.out[0].Shape().Equal(tensor.Shape{graph.Unknown, 2, 3}) {
			t.Errorf("%s: static shape %v, want (None, 2, 3)", name, h.out[0].Shape())
		}
		xs := []*tensor.Tensor{batchOf(mergeA, 2, 3), batchOf(mergeB, 1, 3), batchOf(mergeC, 2, 1)}
		got := h.run(xs[:len(c.shapes)]...)[0]
		want := make([]float64, 0, 12)
		want = append(want, c.want...)
		for _, v := range c.want {
			want = append(want, c.scale*v)
		}
		if !tensor.AllClose(got, tensor.FromSlice(want, 2, 2, 3), 1e-12, 1e-12) {
			t.Errorf("%s: got\n%v\nwant %v", name, got, want)
		}
		if c.l.Weights() != nil {
			t.Errorf("%s: weights %v", name, c.l.Weights())
		}
	}
}

// TestMergeBroadcastFirst: the first input may be the one that broadcasts;
// b − a = −(a − b).
func TestMergeBroadcastFirst(t *testing.T) {
	h := buildAndCall(t, &Subtract{}, tensor.Float64, false, tensor.Shape{1, 3}, tensor.Shape{2, 3})
	if !h.out[0].Shape().Equal(tensor.Shape{graph.Unknown, 2, 3}) {
		t.Fatalf("static shape %v, want (None, 2, 3)", h.out[0].Shape())
	}
	got := h.run(batchOf(mergeB, 1, 3), batchOf(mergeA, 2, 3))[0]
	want := batchOf([]float64{1, -1, -2.5, 6, -8, 6.5}, 2, 3)
	if !tensor.AllClose(got, want, 1e-12, 1e-12) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestMergeErrors(t *testing.T) {
	merges := []Layer{&Add{}, &Subtract{}, &Multiply{}, &Average{}, &Maximum{}, &Minimum{}}
	for _, l := range merges {
		prefix := l.Type() + " layer: "
		_, err := l.OutputShapes([]tensor.Shape{{2, 3}, {4, 3}})
		wantErr(t, l.Type()+" sizes", err,
			prefix+"inputs of shapes [(None, 2, 3), (None, 4, 3)] cannot be merged: axis 1 has sizes 2 and 4")
		_, err = l.OutputShapes([]tensor.Shape{{3}, {2, 3}})
		wantErr(t, l.Type()+" ranks", err, prefix+"inputs must have the same rank, got shapes [(None, 3), (None, 2, 3)]")
		_, err = l.OutputShapes([]tensor.Shape{{3}})
		count := "at least 2"
		if l.Type() == "Subtract" {
			count = "exactly 2"
		}
		wantErr(t, l.Type()+" one input", err, prefix+"takes "+count+" inputs, got 1")
		_, err = l.OutputShapes(nil)
		wantErr(t, l.Type()+" no input", err, prefix+"takes "+count+" inputs, got 0")
	}
	_, err := (&Subtract{}).OutputShapes([]tensor.Shape{{3}, {3}, {3}})
	wantErr(t, "Subtract of 3", err, "Subtract layer: takes exactly 2 inputs, got 3")
	_, err = (&Add{}).OutputShapes([]tensor.Shape{{2, 1}, {1, 3}, {2, 4}})
	wantErr(t, "Add after broadcasting", err, "axis 2 has sizes 3 and 4")

	// Through BuildLayer, the error names the layer once.
	a := &Add{}
	a.SetUniqueName("add_1")
	err = BuildLayer(a, []tensor.Shape{{2}, {3}}, tensor.Float64, nil)
	if err == nil || err.Error() != `layer "add_1" (Add): inputs of shapes [(None, 2), (None, 3)] cannot be merged: axis 1 has sizes 2 and 3` {
		t.Errorf("BuildLayer: got %v", err)
	}
	if a.Built() {
		t.Error("built despite the error")
	}
}

func TestConcatenate(t *testing.T) {
	for _, c := range []struct {
		axis   int
		shapes []tensor.Shape
		xs     []*tensor.Tensor
		want   *tensor.Tensor // for the first sample
	}{
		{0, []tensor.Shape{{2}, {3}},
			[]*tensor.Tensor{batchOf([]float64{1, 2}, 2), batchOf([]float64{3, 4, 5}, 3)},
			tensor.FromSlice([]float64{1, 2, 3, 4, 5}, 5)},
		{-1, []tensor.Shape{{2, 2}, {2, 1}},
			[]*tensor.Tensor{batchOf([]float64{1, 2, 3, 4}, 2, 2), batchOf([]float64{5, 6}, 2, 1)},
			tensor.FromSlice([]float64{1, 2, 5, 3, 4, 6}, 2, 3)},
		{0, []tensor.Shape{{2, 2}, {2, 1}},
			[]*tensor.Tensor{batchOf([]float64{1, 2, 3, 4}, 2, 2), batchOf([]float64{5, 6}, 2, 1)},
			tensor.FromSlice([]float64{1, 2, 5, 3, 4, 6}, 2, 3)},
		{1, []tensor.Shape{{2, 3}, {1, 3}},
			[]*tensor.Tensor{batchOf([]float64{1, 2, 3, 4, 5, 6}, 2, 3), batchOf([]float64{7, 8, 9}, 1, 3)},
			tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3)},
		{-2, []tensor.Shape{{2, 3}, {1, 3}},
			[]*tensor.Tensor{batchOf([]float64{1, 2, 3, 4, 5, 6}, 2, 3), batchOf([]float64{7, 8, 9}, 1, 3)},
			tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3)},
		{2, []tensor.Shape{{1, 1}, {1, 2}, {1, 1}},
			[]*tensor.Tensor{batchOf([]float64{1}, 1, 1), batchOf([]float64{2, 3}, 1, 2), batchOf([]float64{4}, 1, 1)},
			tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 4)},
	} {
		l := &Concatenate{Axis: c.axis}
		name := FormatShapes(c.shapes)
		out, err := l.OutputShapes(c.shapes)
		if err != nil || !out[0].Equal(c.want.Shape()) {
			t.Errorf("Axis %d on %s: OutputShapes = %v, %v; want %v", c.axis, name, out, err, c.want.Shape())
			continue
		}
		h := buildAndCall(t, l, tensor.Float64, false, c.shapes...)
		if !h.out[0].Shape().Equal(append(tensor.Shape{graph.Unknown}, c.want.Shape()...)) {
			t.Errorf("Axis %d on %s: static shape %v", c.axis, name, h.out[0].Shape())
		}
		want := batchOf(c.want.Float64s(), c.want.Shape()...)
		if got := h.run(c.xs...)[0]; !tensor.AllClose(got, want, 0, 0) {
			t.Errorf("Axis %d on %s: got %v, want %v", c.axis, name, got, want)
		}
	}
}

func TestConcatenateErrors(t *testing.T) {
	_, err := (&Concatenate{Axis: 1}).OutputShapes([]tensor.Shape{{2, 3}, {2, 4}})
	wantErr(t, "non-axis dims", err,
		"Concatenate layer: inputs of shapes [(None, 2, 3), (None, 2, 4)] cannot be joined along axis 1: they differ in axis 2")
	_, err = (&Concatenate{}).OutputShapes([]tensor.Shape{{2, 3}, {4, 3}})
	wantErr(t, "default axis", err, "cannot be joined along axis 2: they differ in axis 1")
	_, err = (&Concatenate{}).OutputShapes([]tensor.Shape{{3}, {2, 3}})
	wantErr(t, "ranks", err, "inputs must have the same rank, got shapes [(None, 3), (None, 2, 3)]")
	_, err = (&Concatenate{}).OutputShapes([]tensor.Shape{{3}})
	wantErr(t, "one input", err, "Concatenate layer: takes at least 2 inputs, got 1")
	for _, axis := range []int{3, -3} {
		_, err = (&Concatenate{Axis: axis, Name: "cat"}).OutputShapes([]tensor.Shape{{2, 3}, {2, 3}})
		wantErr(t, "axis out of range", err, `layer "cat" (Concatenate): axis `, "out of range for inputs of rank 3")
	}
}

func TestDot(t *testing.T) {
	for _, c := range []struct {
		name   string
		l      *Dot
		shapes []tensor.Shape
		xs     [2][]float64 // first sample of each input
		want   *tensor.Tensor
	}{
		// [1, 2, 3]·[4, 5, 6] = 32.
		{"Axes {1}", &Dot{Axes: []int{1}}, []tensor.Shape{{3}, {3}},
			[2][]float64{{1, 2, 3}, {4, 5, 6}}, tensor.FromSlice([]float64{32}, 1)},
		// x (n=2, m=2) = [[1, 2], [3, 4]], y (k=3, m=2) = [[1, 0], [0, 1],
		// [1, −1]]: z[n][k] = x[n]·y[k] = [[1, 2, −1], [3, 4, −1]].
		{"Axes {2, 2}", &Dot{Axes: []int{2, 2}}, []tensor.Shape{{2, 2}, {3, 2}},
			[2][]float64{{1, 2, 3, 4}, {1, 0, 0, 1, 1, -1}}, tensor.FromSlice([]float64{1, 2, -1, 3, 4, -1}, 2, 3)},
		{"Axes {-1}", &Dot{Axes: []int{-1}}, []tensor.Shape{{2, 2}, {3, 2}},
			[2][]float64{{1, 2, 3, 4}, {1, 0, 0, 1, 1, -1}}, tensor.FromSlice([]float64{1, 2, -1, 3, 4, -1}, 2, 3)},
		// x (n=3, m=2) = [[1, 2], [3, 4], [5, 6]], y (n=3, k=3) = [[1, 0, 2],
		// [0, 1, 0], [1, 1, 0]]: z[m][k] = Σn x[n][m]·y[n][k]; the columns
		// of x are (1, 3, 5), (2, 4, 6), those of y (1, 0, 1), (0, 1, 1),
		// (2, 0, 0): z = [[6, 8, 2], [8, 10, 4]].
		{"Axes {1, 1}", &Dot{Axes: []int{1, 1}}, []tensor.Shape{{3, 2}, {3, 3}},
			[2][]float64{{1, 2, 3, 4, 5, 6}, {1, 0, 2, 0, 1, 0, 1, 1, 0}}, tensor.FromSlice([]float64{6, 8, 2, 8, 10, 4}, 2, 3)},
		// Mixed ranks: x = [1, 2, 3] against the columns of y (3, 2) =
		// [[1, 0], [0, 1], [1, 1]]: [1+3, 2+3] = [4, 5].
		{"Axes {1} mixed", &Dot{Axes: []int{1}}, []tensor.Shape{{3}, {3, 2}},
			[2][]float64{{1, 2, 3}, {1, 0, 0, 1, 1, 1}}, tensor.FromSlice([]float64{4, 5}, 2)},
		// And the other way round, y (3, 2) contracted on its last axis
		// with x (2,) = [1, −1]: [1, −1, 0].
		{"Axes {2, 1} mixed", &Dot{Axes: []int{2, 1}}, []tensor.Shape{{3, 2}, {2}},
			[2][]float64{{1, 0, 0, 1, 1, 1}, {1, -1}}, tensor.FromSlice([]float64{1, -1, 0}, 3)},
	} {
		out, err := c.l.OutputShapes(c.shapes)
		if err != nil || !out[0].Equal(c.want.Shape()) {
			t.Errorf("%s: OutputShapes = %v, %v; want %v", c.name, out, err, c.want.Shape())
			continue
		}
		h := buildAndCall(t, c.l, tensor.Float64, false, c.shapes...)
		if !h.out[0].Shape().Equal(append(tensor.Shape{graph.Unknown}, c.want.Shape()...)) {
			t.Errorf("%s: static shape %v", c.name, h.out[0].Shape())
		}
		got := h.run(batchOf(c.xs[0], c.shapes[0]...), batchOf(c.xs[1], c.shapes[1]...))[0]
		// Dot is bilinear: the second sample, both inputs ×10, gives ×100.
		want := append(append([]float64{}, c.want.Float64s()...), tensor.MulScalar(c.want, 100).Float64s()...)
		if !tensor.AllClose(got, tensor.FromSlice(want, append([]int{2}, c.want.Shape()...)...), 1e-12, 1e-12) {
			t.Errorf("%s: got %v, want %v", c.name, got, want)
		}
	}
}

// TestDotNormalize: with Normalize, Dot gives the cosine similarity:
// cos([3, 4], [4, 3]) = 24/25 = 0.96, cos([1, 0], [0, 2]) = 0, and a zero
// vector, held off division by zero by the 1e-12 floor, gives 0.
func TestDotNormalize(t *testing.T) {
	h := buildAndCall(t, &Dot{Axes: []int{1}, Normalize: true}, tensor.Float64, false, tensor.Shape{2}, tensor.Shape{2})
	x := tensor.FromSlice([]float64{3, 4, 1, 0, 0, 0}, 3, 2)
	y := tensor.FromSlice([]float64{4, 3, 0, 2, 1, 1}, 3, 2)
	want := tensor.FromSlice([]float64{0.96, 0, 0}, 3, 1)
	if got := h.run(x, y)[0]; !tensor.AllClose(got, want, 1e-12, 1e-15) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Along axis 1 of (2, 2) samples: the columns are normalised.
	h = buildAndCall(t, &Dot{Axes: []int{1}, Normalize: true}, tensor.Float64, false, tensor.Shape{2, 2}, tensor.Shape{2, 1})
	// x columns (3, 4) and (1, 0); y column (4, 3): [0.96, 0.8].
	got := h.run(tensor.FromSlice([]float64{3, 1, 4, 0}, 1, 2, 2), tensor.FromSlice([]float64{4, 3}, 1, 2, 1))[0]
	if want := tensor.FromSlice([]float64{0.96, 0.8}, 1, 2, 1); !tensor.AllClose(got, want, 1e-12, 1e-15) {
		t.Fatalf("along axis 1: got %v, want %v", got, want)
	}
}

func TestDotErrors(t *testing.T) {
	for _, c := range []struct {
		l      *Dot
		shapes []tensor.Shape
		want   string
	}{
		{&Dot{}, []tensor.Shape{{3}, {3}}, "Dot layer: Axes must hold one axis or one per input, got []"},
		{&Dot{Axes: []int{1, 1, 1}}, []tensor.Shape{{3}, {3}}, "Axes must hold one axis or one per input, got [1 1 1]"},
		{&Dot{Axes: []int{1}}, []tensor.Shape{{3}}, "Dot layer: takes exactly 2 inputs, got 1"},
		{&Dot{Axes: []int{1}}, []tensor.Shape{{3}, {3}, {3}}, "takes exactly 2 inputs, got 3"},
		{&Dot{Axes: []int{1}}, []tensor.Shape{{2, 2, 2}, {2}}, "supports inputs of rank 2 or 3 (batch axis included), got shapes [(None, 2, 2, 2), (None, 2)]"},
		{&Dot{Axes: []int{1}}, []tensor.Shape{{}, {2}}, "supports inputs of rank 2 or 3"},
		{&Dot{Axes: []int{1}}, []tensor.Shape{{3}, {4}},
			"inputs of shapes [(None, 3), (None, 4)] cannot be multiplied along axes 1 and 1: sizes 3 and 4 differ"},
		{&Dot{Axes: []int{2, 1}}, []tensor.Shape{{3, 2}, {3}}, "cannot be multiplied along axes 2 and 1: sizes 2 and 3 differ"},
		{&Dot{Axes: []int{0}}, []tensor.Shape{{3}, {3}}, "axes [0] do not fit inputs of rank 2 and 2"},
		{&Dot{Axes: []int{2}}, []tensor.Shape{{3}, {3}}, "axes [2] do not fit inputs of rank 2 and 2"},
		{&Dot{Axes: []int{-3}}, []tensor.Shape{{3, 2}, {3, 2}}, "axes [-3] do not fit inputs of rank 3 and 3"},
	} {
		_, err := c.l.OutputShapes(c.shapes)
		wantErr(t, FormatShapes(c.shapes), err, c.want)
	}
	wantErr(t, "Validate", (&Dot{Name: "sim"}).Validate(), `layer "sim" (Dot): Axes must hold`)
}

// TestMergeFloat32: the layers keep the model's dtype, constants included
// (Average's divisor, Dot's norm floor): mean(3, 4) = 3.5 and
// cos([3, 4], [4, 3]) = 0.96 in float32.
func TestMergeFloat32(t *testing.T) {
	x := tensor.FromSlice([]float32{3, 4}, 1, 2)
	y := tensor.FromSlice([]float32{4, 3}, 1, 2)
	for _, c := range []struct {
		l    Layer
		want *tensor.Tensor
	}{
		{&Average{}, tensor.FromSlice([]float32{3.5, 3.5}, 1, 2)},
		{&Maximum{}, tensor.FromSlice([]float32{4, 4}, 1, 2)},
		{&Concatenate{}, tensor.FromSlice([]float32{3, 4, 4, 3}, 1, 4)},
		{&Dot{Axes: []int{1}, Normalize: true}, tensor.FromSlice([]float32{0.96}, 1, 1)},
	} {
		h := buildAndCall(t, c.l, tensor.Float32, false, tensor.Shape{2}, tensor.Shape{2})
		got := h.run(x, y)[0]
		if got.DType() != tensor.Float32 || !tensor.AllClose(got, c.want, 1e-6, 0) {
			t.Errorf("%s: got %v %v, want float32 %v", c.l.Type(), got.DType(), got, c.want)
		}
	}
}
