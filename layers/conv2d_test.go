package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestConv2DShapes pins Keras's output sizes: "valid" (in − (k−1)·d −
// 1)/s + 1, "same" ceil(in/s), on odd sizes, strides 2 and dilation 2.
func TestConv2DShapes(t *testing.T) {
	k3 := [2]int{3, 3}
	checkShapes(t, []shapeCase{
		{l: &Conv2D{Filters: 32, KernelSize: k3}, in: tensor.Shape{28, 28, 1}, want: tensor.Shape{26, 26, 32}},
		{l: &Conv2D{Filters: 4, KernelSize: k3, Strides: [2]int{2, 2}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 4, 4}},
		{l: &Conv2D{Filters: 4, KernelSize: k3, Strides: [2]int{2, 2}, Padding: "same"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{4, 5, 4}},
		{l: &Conv2D{Filters: 4, KernelSize: [2]int{2, 3}, Padding: "SAME"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 9, 4}},
		{l: &Conv2D{Filters: 4, KernelSize: k3, DilationRate: [2]int{2, 1}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 7, 4}},
		{l: &Conv2D{Filters: 6, KernelSize: k3, Groups: 3}, in: tensor.Shape{5, 5, 3}, want: tensor.Shape{3, 3, 6}},
		{l: &Conv2D{Filters: 2, KernelSize: k3}, in: tensor.Shape{graph.Unknown, graph.Unknown, 3}, want: tensor.Shape{graph.Unknown, graph.Unknown, 2}},
		{l: &Conv2D{Filters: 2, KernelSize: k3}, in: tensor.Shape{2, 9, 3}, err: []string{"Conv2D layer", "larger than the input's 2"}},
		{l: &Conv2D{Filters: 2, KernelSize: k3}, in: tensor.Shape{9, 9}, err: []string{"(batch, height, width, channels)"}},
		{l: &Conv2D{Filters: 2, KernelSize: k3}, in: tensor.Shape{9, 9, graph.Unknown}, err: []string{"channels"}},
		{l: &Conv2D{Filters: 4, KernelSize: k3, Groups: 2}, in: tensor.Shape{9, 9, 3}, err: []string{"3 channels are not a multiple of groups 2"}},
	})
}

// TestConv2DValidate checks each configuration error names the layer.
func TestConv2DValidate(t *testing.T) {
	k3 := [2]int{3, 3}
	for _, c := range []struct {
		l    *Conv2D
		part string
	}{
		{&Conv2D{KernelSize: k3, Name: "c"}, "filters must be positive"},
		{&Conv2D{Filters: 1, Name: "c"}, "kernel size [0 0] must be positive"},
		{&Conv2D{Filters: 1, KernelSize: k3, Strides: [2]int{-1, 1}, Name: "c"}, "strides"},
		{&Conv2D{Filters: 1, KernelSize: k3, Strides: [2]int{2, 1}, DilationRate: [2]int{1, 2}, Name: "c"}, "cannot be combined"},
		{&Conv2D{Filters: 1, KernelSize: k3, Padding: "full", Name: "c"}, `padding must be one of ["valid" "same"], got "full"`},
		{&Conv2D{Filters: 3, KernelSize: k3, Groups: 2, Name: "c"}, "groups must be positive and divide filters 3"},
		{&Conv2D{Filters: 1, KernelSize: k3, Activation: "nope", Name: "c"}, "nope"},
	} {
		wantErr(t, "Validate", c.l.Validate(), `layer "c" (Conv2D)`, c.part)
	}
}

// x3 is the 3×3 one-channel image 1..9 (row-major) and k2 the 2×2 kernel
// [[1, 2], [3, 4]], HWIO (2, 2, 1, 1).
var (
	x3 = tensor.FromSlice(seq(1, 9), 1, 3, 3, 1)
	k2 = []float64{1, 2, 3, 4}
)

// TestConv2DForward pins the convolution by hand. "valid": each window
// [[a, b], [c, d]] gives a + 2b + 3c + 4d: 1+4+12+20 = 37, 2+6+15+24 = 47,
// 4+10+21+32 = 67, 5+12+24+36 = 77, plus the bias 0.5. "same" with stride
// 2: 2×2 outputs, one row and column of zeros after the image (total
// padding (2−1)·2 + 2 − 3 = 1): windows at (0, 0) → 37, (0, 2) → 3 + 3·6 =
// 21, (2, 0) → 7 + 2·8 = 23, (2, 2) → 9. A relu after a −40 bias keeps
// only 77 − 40.
func TestConv2DForward(t *testing.T) {
	for _, c := range []struct {
		l        *Conv2D
		bias     float64
		want     []float64
		oh, ow   int
		withBias bool
	}{
		{&Conv2D{Filters: 1, KernelSize: [2]int{2, 2}}, 0.5, []float64{37.5, 47.5, 67.5, 77.5}, 2, 2, true},
		{&Conv2D{Filters: 1, KernelSize: [2]int{2, 2}, Strides: [2]int{2, 2}, Padding: "same"}, 0.5, []float64{37.5, 21.5, 23.5, 9.5}, 2, 2, true},
		{&Conv2D{Filters: 1, KernelSize: [2]int{2, 2}, Activation: "relu"}, -40, []float64{0, 7, 27, 37}, 2, 2, true},
		{&Conv2D{Filters: 1, KernelSize: [2]int{2, 2}, NoBias: true}, 0, []float64{37, 47, 67, 77}, 2, 2, false},
	} {
		l := c.l
		got := forward(t, l, false, x3, func() {
			setWeight(t, l.Kernel(), k2, 2, 2, 1, 1)
			if c.withBias {
				setWeight(t, l.Bias(), []float64{c.bias}, 1)
			} else if l.Bias() != nil || len(l.Weights()) != 1 {
				t.Errorf("NoBias: weights %v", l.Weights())
			}
		})
		wantOut(t, "Conv2D "+l.Padding, got, c.want, 1, c.oh, c.ow, 1)
	}
}

// TestConv2DWeights checks the weights' names and shapes: HWIO kernel with
// channels/groups inputs, a bias per filter.
func TestConv2DWeights(t *testing.T) {
	l := &Conv2D{Filters: 6, KernelSize: [2]int{3, 2}, Groups: 2, Name: "conv"}
	l.SetUniqueName("conv")
	if err := BuildLayer(l, []tensor.Shape{{8, 8, 4}}, tensor.Float32, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	ws := l.Weights()
	if len(ws) != 2 || ws[0].Name != "conv/kernel" || !ws[0].Shape().Equal(tensor.Shape{3, 2, 2, 6}) ||
		ws[1].Name != "conv/bias" || !ws[1].Shape().Equal(tensor.Shape{6}) || !ws[0].Trainable || !ws[1].Trainable {
		t.Fatalf("weights %v %v", ws[0].Name, ws)
	}
}
