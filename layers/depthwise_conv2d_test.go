package layers

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// dwX is one 2×2 image of 2 channels: channel 0 is 1, 2, 3, 4 and channel
// 1 is 10, 20, 30, 40 (row-major).
var dwX = tensor.FromSlice([]float64{1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2)

// dwKernel returns the (2, 2, 2, 2) depthwise kernel whose filter (c, m)
// over the four taps is: (0, 0) all ones, (0, 1) the first tap, (1, 0) the
// last tap, (1, 1) first minus second tap; on dwX they give 10, 1, 40,
// −10.
func dwKernel() []float64 {
	taps := [2][2][4]float64{{{1, 1, 1, 1}, {1, 0, 0, 0}}, {{0, 0, 0, 1}, {1, -1, 0, 0}}}
	k := make([]float64, 16)
	for tap := range 4 {
		for c := range 2 {
			for m := range 2 {
				k[(tap*2+c)*2+m] = taps[c][m][tap]
			}
		}
	}
	return k
}

// TestDepthwiseConv2D pins output channel c·2 + m = filter (c, m) on
// channel c: [10, 1, 40, −10] plus the bias [0, 0, 0, 1].
func TestDepthwiseConv2D(t *testing.T) {
	l := &DepthwiseConv2D{KernelSize: [2]int{2, 2}, DepthMultiplier: 2}
	got := forward(t, l, false, dwX, func() {
		setWeight(t, l.Kernel(), dwKernel(), 2, 2, 2, 2)
		setWeight(t, l.Bias(), []float64{0, 0, 0, 1}, 4)
	})
	wantOut(t, "DepthwiseConv2D", got, []float64{10, 1, 40, -9}, 1, 1, 1, 4)
	checkShapes(t, []shapeCase{
		{l: &DepthwiseConv2D{KernelSize: [2]int{3, 3}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{5, 7, 3}},
		{l: &DepthwiseConv2D{KernelSize: [2]int{3, 3}, DepthMultiplier: 2, Strides: [2]int{2, 2}, Padding: "same"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{4, 5, 6}},
		{l: &DepthwiseConv2D{KernelSize: [2]int{3, 3}, DepthMultiplier: -1}, in: tensor.Shape{7, 9, 3}, err: []string{"DepthwiseConv2D layer", "depth multiplier"}},
	})
}

// TestSeparableConv2D runs the depthwise step above, then a pointwise
// kernel of ones over the 4 channels (10 + 1 + 40 − 10 = 41) and a bias of
// 0.5.
func TestSeparableConv2D(t *testing.T) {
	l := &SeparableConv2D{Filters: 1, KernelSize: [2]int{2, 2}, DepthMultiplier: 2, Name: "sep"}
	got := forward(t, l, false, dwX, func() {
		setWeight(t, l.DepthwiseKernel(), dwKernel(), 2, 2, 2, 2)
		setWeight(t, l.PointwiseKernel(), []float64{1, 1, 1, 1}, 1, 1, 4, 1)
		setWeight(t, l.Bias(), []float64{0.5}, 1)
	})
	wantOut(t, "SeparableConv2D", got, []float64{41.5}, 1, 1, 1, 1)
	names := []string{"sep/depthwise_kernel", "sep/pointwise_kernel", "sep/bias"}
	for i, w := range l.Weights() {
		if w.Name != names[i] {
			t.Errorf("weight %d is %s, want %s", i, w.Name, names[i])
		}
	}
	checkShapes(t, []shapeCase{
		{l: &SeparableConv2D{Filters: 8, KernelSize: [2]int{3, 3}, Strides: [2]int{2, 2}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 4, 8}},
		{l: &SeparableConv2D{Filters: 8, KernelSize: [2]int{3, 3}, Padding: "same"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 9, 8}},
		{l: &SeparableConv2D{Filters: 8, KernelSize: [2]int{3, 3}, Padding: "full", Name: "s"}, in: tensor.Shape{7, 9, 3}, err: []string{`layer "s" (SeparableConv2D): padding`}},
		{l: &SeparableConv2D{KernelSize: [2]int{3, 3}}, in: tensor.Shape{7, 9, 3}, err: []string{"filters must be positive"}},
	})
}
