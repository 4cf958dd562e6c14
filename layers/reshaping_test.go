package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// x2 is the 2×2 one-channel image [[1, 2], [3, 4]].
var x2 = tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 2, 2, 1)

// TestZeroPadding2D: the default pads one zero all around; ((0, 1), (1,
// 0)) adds a row after and a column before.
func TestZeroPadding2D(t *testing.T) {
	wantOut(t, "default", forward(t, &ZeroPadding2D{}, false, x2, nil), []float64{
		0, 0, 0, 0,
		0, 1, 2, 0,
		0, 3, 4, 0,
		0, 0, 0, 0}, 1, 4, 4, 1)
	wantOut(t, "asymmetric", forward(t, &ZeroPadding2D{Padding: [2][2]int{{0, 1}, {1, 0}}}, false, x2, nil), []float64{
		0, 1, 2,
		0, 3, 4,
		0, 0, 0}, 1, 3, 3, 1)
	checkShapes(t, []shapeCase{
		{l: &ZeroPadding2D{}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{9, 11, 3}},
		{l: &ZeroPadding2D{Padding: [2][2]int{{3, 3}, {0, 2}}}, in: tensor.Shape{graph.Unknown, 9, 3}, want: tensor.Shape{graph.Unknown, 11, 3}},
		{l: &ZeroPadding2D{Padding: [2][2]int{{-1, 0}, {0, 0}}}, in: tensor.Shape{7, 9, 3}, err: []string{"ZeroPadding2D layer", "negative"}},
		{l: &ZeroPadding2D{}, in: tensor.Shape{7, 9}, err: []string{"(batch, height, width, channels)"}},
	})
}

// TestCropping2D: cropping ((1, 0), (0, 1)) of the image 1..9 keeps rows
// 1–2 and columns 0–1: [[4, 5], [7, 8]].
func TestCropping2D(t *testing.T) {
	wantOut(t, "crop", forward(t, &Cropping2D{Cropping: [2][2]int{{1, 0}, {0, 1}}}, false, x3, nil), []float64{4, 5, 7, 8}, 1, 2, 2, 1)
	wantOut(t, "none", forward(t, &Cropping2D{}, false, x3, nil), seq(1, 9), 1, 3, 3, 1)
	checkShapes(t, []shapeCase{
		{l: &Cropping2D{Cropping: [2][2]int{{1, 2}, {3, 0}}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{4, 6, 3}},
		{l: &Cropping2D{Cropping: [2][2]int{{4, 3}, {0, 0}}}, in: tensor.Shape{7, 9, 3}, err: []string{"Cropping2D layer", "leaves nothing"}},
		{l: &Cropping2D{}, in: tensor.Shape{graph.Unknown, 9, 3}, err: []string{"known height"}},
		{l: &Cropping2D{Cropping: [2][2]int{{0, -1}, {0, 0}}}, in: tensor.Shape{7, 9, 3}, err: []string{"negative"}},
	})
}

// TestUpSampling2D repeats rows and columns (nearest); the gradient of the
// sum reaches each input pixel once per copy.
func TestUpSampling2D(t *testing.T) {
	wantOut(t, "default", forward(t, &UpSampling2D{}, false, x2, nil), []float64{
		1, 1, 2, 2,
		1, 1, 2, 2,
		3, 3, 4, 4,
		3, 3, 4, 4}, 1, 4, 4, 1)
	l := &UpSampling2D{Size: [2]int{1, 3}}
	h := buildAndCall(t, l, tensor.Float64, false, tensor.Shape{2, 2, 1})
	grad := graph.Gradients(graph.Sum(graph.Mul(h.out[0], h.out[0]), nil, false), h.in[0])[0]
	out := h.fetch([]*tensor.Tensor{x2}, h.out[0], grad)
	wantOut(t, "size (1, 3)", out[0], []float64{1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, 1, 2, 6, 1)
	// d/dx of Σ y² = 2·3·x.
	wantOut(t, "gradient", out[1], []float64{6, 12, 18, 24}, 1, 2, 2, 1)
	checkShapes(t, []shapeCase{
		{l: &UpSampling2D{Size: [2]int{3, 2}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{21, 18, 3}},
		{l: &UpSampling2D{Interpolation: "bilinear"}, in: tensor.Shape{7, 9, 3}, err: []string{"UpSampling2D layer", `"bilinear" is not supported`}},
		{l: &UpSampling2D{Size: [2]int{-1, 2}}, in: tensor.Shape{7, 9, 3}, err: []string{"size"}},
		{l: &UpSampling2D{}, in: tensor.Shape{graph.Unknown, 9, 3}, err: []string{"known height"}},
	})
}

// TestReshape resolves −1 from the sample size and keeps row-major order.
func TestReshape(t *testing.T) {
	x := tensor.FromSlice(seq(1, 12), 2, 2, 3)
	wantOut(t, "(3, -1)", forward(t, &Reshape{TargetShape: []int{3, -1}}, false, x, nil), seq(1, 12), 2, 3, 2)
	checkShapes(t, []shapeCase{
		{l: &Reshape{TargetShape: []int{-1, 4}}, in: tensor.Shape{6, 2}, want: tensor.Shape{3, 4}},
		{l: &Reshape{TargetShape: []int{2, 6}}, in: tensor.Shape{graph.Unknown, 4}, want: tensor.Shape{2, 6}},
		{l: &Reshape{TargetShape: []int{5, -1}}, in: tensor.Shape{6, 2}, err: []string{"Reshape layer", "cannot reshape an input of shape (None, 6, 2) (12 elements)"}},
		{l: &Reshape{TargetShape: []int{5}}, in: tensor.Shape{6, 2}, err: []string{"cannot reshape"}},
		{l: &Reshape{TargetShape: []int{-1, -1}}, in: tensor.Shape{6, 2}, err: []string{"more than one -1"}},
		{l: &Reshape{TargetShape: []int{-1, 0}}, in: tensor.Shape{6, 2}, err: []string{"positive"}},
		{l: &Reshape{}, in: tensor.Shape{6, 2}, err: []string{"must be set"}},
		{l: &Reshape{TargetShape: []int{-1}}, in: tensor.Shape{graph.Unknown, 2}, err: []string{"known size"}},
	})
}

// TestPermute: Dims (2, 1) transposes each (2, 3) sample.
func TestPermute(t *testing.T) {
	x := tensor.FromSlice(seq(1, 6), 1, 2, 3)
	wantOut(t, "(2, 1)", forward(t, &Permute{Dims: []int{2, 1}}, false, x, nil), []float64{1, 4, 2, 5, 3, 6}, 1, 3, 2)
	checkShapes(t, []shapeCase{
		{l: &Permute{Dims: []int{3, 1, 2}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 7, 9}},
		{l: &Permute{Dims: []int{2, 1}}, in: tensor.Shape{7, 9, 3}, err: []string{"Permute layer", "rank 2"}},
		{l: &Permute{Dims: []int{0, 1}}, in: tensor.Shape{7, 9}, err: []string{"permutation of 1..2"}},
		{l: &Permute{Dims: []int{2, 2}}, in: tensor.Shape{7, 9}, err: []string{"permutation"}},
		{l: &Permute{}, in: tensor.Shape{7, 9}, err: []string{"must be set"}},
	})
}

// TestRescaling maps [0, 127.5, 255] by 1/127.5 − 1 to [−1, 0, 1].
func TestRescaling(t *testing.T) {
	x := tensor.FromSlice([]float64{0, 127.5, 255}, 1, 3)
	wantOut(t, "rescale", forward(t, &Rescaling{Scale: 1 / 127.5, Offset: -1}, false, x, nil), []float64{-1, 0, 1}, 1, 3)
	wantErr(t, "zero scale", (&Rescaling{Name: "r"}).Validate(), `layer "r" (Rescaling)`, "scale must be set")
}

// TestBuiltSizesServeUnknownInputs calls layers built for 2×2 and 3×3
// images on placeholders whose height and width are None: they use the
// sizes they were built for.
func TestBuiltSizesServeUnknownInputs(t *testing.T) {
	u := unknown2D()
	for _, c := range []struct {
		l     Layer
		built tensor.Shape
		x     *tensor.Tensor
		want  []float64
		shape []int
	}{
		{&UpSampling2D{Size: [2]int{1, 2}}, tensor.Shape{2, 2, 1}, x2, []float64{1, 1, 2, 2, 3, 3, 4, 4}, []int{1, 2, 4, 1}},
		{&Cropping2D{Cropping: [2][2]int{{0, 1}, {1, 0}}}, tensor.Shape{3, 3, 1}, x3, []float64{2, 3, 5, 6}, []int{1, 2, 2, 1}},
		{&RandomFlip{}, tensor.Shape{2, 2, 1}, x2, []float64{1, 2, 3, 4}, []int{1, 2, 2, 1}},
	} {
		if err := BuildLayer(c.l, []tensor.Shape{c.built}, tensor.Float64, tensor.NewRNG(1)); err != nil {
			t.Fatal(err)
		}
		h := callBuilt(t, c.l, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false), u)
		wantOut(t, c.l.Type(), h.run(c.x)[0], c.want, c.shape...)
	}
}

// unknown2D is the per-sample shape (None, None, 1).
func unknown2D() tensor.Shape { return tensor.Shape{graph.Unknown, graph.Unknown, 1} }
