package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestConv1DShapes pins Keras's sizes, "causal" included: it pads
// (k−1)·dilation steps before, so the steps are kept at stride 1.
func TestConv1DShapes(t *testing.T) {
	checkShapes(t, []shapeCase{
		{l: &Conv1D{Filters: 4, KernelSize: 3}, in: tensor.Shape{10, 3}, want: tensor.Shape{8, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3, Strides: 2}, in: tensor.Shape{9, 3}, want: tensor.Shape{4, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3, Strides: 2, Padding: "same"}, in: tensor.Shape{9, 3}, want: tensor.Shape{5, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3, DilationRate: 2, Padding: "causal"}, in: tensor.Shape{9, 3}, want: tensor.Shape{9, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3, DilationRate: 2}, in: tensor.Shape{9, 3}, want: tensor.Shape{5, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3}, in: tensor.Shape{graph.Unknown, 3}, want: tensor.Shape{graph.Unknown, 4}},
		{l: &Conv1D{Filters: 4, KernelSize: 3}, in: tensor.Shape{2, 3}, err: []string{"Conv1D layer", "larger"}},
		{l: &Conv1D{Filters: 4, KernelSize: 3}, in: tensor.Shape{2, 3, 3}, err: []string{"(batch, steps, channels)"}},
		{l: &Conv1D{Filters: 4, KernelSize: 3, Padding: "full"}, in: tensor.Shape{9, 3}, err: []string{"padding"}},
		{l: &Conv1D{Filters: 4}, in: tensor.Shape{9, 3}, err: []string{"kernel size"}},
	})
}

// TestConv1DForward: x = [1, 2, 3, 4], kernel [2, 1] (taps t and t+1), bias
// 0: "valid" gives 2x[t] + x[t+1] = 4, 7, 10; "causal" pads one zero
// first, giving 2·0 + 1 = 1 then 4, 7, 10.
func TestConv1DForward(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 4, 1)
	for _, c := range []struct {
		padding string
		want    []float64
	}{{"valid", []float64{4, 7, 10}}, {"causal", []float64{1, 4, 7, 10}}} {
		l := &Conv1D{Filters: 1, KernelSize: 2, Padding: c.padding}
		got := forward(t, l, false, x, func() { setWeight(t, l.Kernel(), []float64{2, 1}, 2, 1, 1) })
		wantOut(t, "Conv1D "+c.padding, got, c.want, 1, len(c.want), 1)
	}
}
