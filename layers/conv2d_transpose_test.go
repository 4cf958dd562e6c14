package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

var _ interface {
	Layer
	Named
	InputShaped
	Validator
} = (*Conv2DTranspose)(nil)

// Keras's output sizes, the weights' shapes and the configuration errors.
func TestConv2DTransposeShapes(t *testing.T) {
	s2 := [2]int{2, 2}
	k3, k2 := [2]int{3, 3}, [2]int{2, 2}
	checkShapes(t, []shapeCase{
		{l: &Conv2DTranspose{Filters: 4, KernelSize: k3}, in: tensor.Shape{3, 5, 2}, want: tensor.Shape{5, 7, 4}},
		{l: &Conv2DTranspose{Filters: 4, KernelSize: k3, Strides: s2, Padding: "same"}, in: tensor.Shape{3, 4, 2}, want: tensor.Shape{6, 8, 4}},
		{l: &Conv2DTranspose{Filters: 4, KernelSize: k3, Strides: s2}, in: tensor.Shape{3, 4, 2}, want: tensor.Shape{7, 9, 4}},
		{l: &Conv2DTranspose{Filters: 1, KernelSize: k2, Strides: s2}, in: tensor.Shape{3, 4, 2}, want: tensor.Shape{6, 8, 1}},
		{l: &Conv2DTranspose{Filters: 1, KernelSize: [2]int{1, 1}, Strides: [2]int{3, 2}}, in: tensor.Shape{2, 4, 1}, want: tensor.Shape{6, 8, 1}},
		// (n−1)·2 + 3 − 2 + p.
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, Padding: "same", OutputPadding: []int{0}}, in: tensor.Shape{3, 4, 2},
			want: tensor.Shape{5, 7, 2}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, Padding: "same", OutputPadding: []int{1, 0}}, in: tensor.Shape{3, 4, 2},
			want: tensor.Shape{6, 7, 2}},
		// (n−1)·2 + 3 + p.
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, OutputPadding: []int{1}}, in: tensor.Shape{3, 4, 2},
			want: tensor.Shape{8, 10, 2}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Padding: "same", DilationRate: s2}, in: tensor.Shape{3, 4, 2},
			want: tensor.Shape{3, 4, 2}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, DataFormat: "channels_first"}, in: tensor.Shape{5, 3, 4},
			want: tensor.Shape{2, 7, 9}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k2, Strides: s2, Padding: "same", OutputPadding: []int{0}}, in: tensor.Shape{3, 4, 2},
			err: []string{"Conv2DTranspose", "convolve back"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, OutputPadding: []int{2}}, in: tensor.Shape{3, 4, 2},
			err: []string{"smaller than the strides"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, OutputPadding: []int{0, 0, 0}}, in: tensor.Shape{3, 4, 2}, err: []string{"1 or 2 entries"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, OutputPadding: []int{}}, in: tensor.Shape{3, 4, 2}, err: []string{"1 or 2 entries"}},
		{l: &Conv2DTranspose{KernelSize: k3}, in: tensor.Shape{3, 4, 2}, err: []string{"filters"}},
		{l: &Conv2DTranspose{Filters: 2}, in: tensor.Shape{3, 4, 2}, err: []string{"kernel size"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Padding: "full"}, in: tensor.Shape{3, 4, 2}, err: []string{"padding"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, Strides: s2, DilationRate: s2}, in: tensor.Shape{3, 4, 2}, err: []string{"dilation"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3, DataFormat: "nchw"}, in: tensor.Shape{3, 4, 2}, err: []string{"data format"}},
		{l: &Conv2DTranspose{Filters: 2, KernelSize: k3}, in: tensor.Shape{3, 4}, err: []string{"height, width, channels"}},
	})
	out, err := (&Conv2DTranspose{Filters: 3, KernelSize: k3, Strides: s2}).OutputShapes([]tensor.Shape{{graph.Unknown, 4, 2}})
	if err != nil || !out[0].Equal(tensor.Shape{graph.Unknown, 9, 3}) {
		t.Errorf("unknown height: %v, %v; want (None, 9, 3)", out, err)
	}
	l := &Conv2DTranspose{Filters: 3, KernelSize: [2]int{2, 4}}
	buildAndCall(t, l, tensor.Float64, false, tensor.Shape{5, 5, 2})
	if !l.Kernel().Shape().Equal(tensor.Shape{2, 4, 3, 2}) || !l.Bias().Shape().Equal(tensor.Shape{3}) {
		t.Errorf("kernel %v and bias %v, want (2, 4, 3, 2) and (3,)", l.Kernel().Shape(), l.Bias().Shape())
	}
}

// Hand-computed outputs: a 2×2 image spread by a 2×2 kernel at stride 2,
// plus the bias, through relu; and channels mixed into filters.
func TestConv2DTransposeValues(t *testing.T) {
	l := &Conv2DTranspose{Filters: 1, KernelSize: [2]int{2, 2}, Strides: [2]int{2, 2}, Activation: "relu"}
	x := tensor.FromSlice([]float64{1, -2, 3, 4}, 1, 2, 2, 1)
	y := forward(t, l, false, x, func() {
		setWeight(t, l.Kernel(), []float64{1, 2, 3, 4}, 2, 2, 1, 1)
		setWeight(t, l.Bias(), []float64{0.5}, 1)
	})
	wantOut(t, "stride 2", y, []float64{
		1.5, 2.5, 0, 0,
		3.5, 4.5, 0, 0,
		3.5, 6.5, 4.5, 8.5,
		9.5, 12.5, 12.5, 16.5,
	}, 1, 4, 4, 1)

	m := &Conv2DTranspose{Filters: 2, KernelSize: [2]int{1, 1}}
	y = forward(t, m, false, tensor.FromSlice([]float64{1, 2}, 1, 1, 1, 2), func() {
		setWeight(t, m.Kernel(), []float64{1, 2, 3, 4}, 1, 1, 2, 2) // kernel[0, 0, f, c]
		setWeight(t, m.Bias(), []float64{0.5, -1}, 2)
	})
	wantOut(t, "channels", y, []float64{1*1 + 2*2 + 0.5, 3*1 + 4*2 - 1}, 1, 1, 1, 2)
}
