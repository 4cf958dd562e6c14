package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed 1-D convolutions: a sequence 1..5 with the kernel [1, 10]
// gives x[t] + 10·x[t+1] over its windows.
func TestConv1DKnownValues(t *testing.T) {
	x := seqInput(1, 5, 1)
	k := tensor.FromSlice([]float64{1, 10}, 2, 1, 1)
	for _, c := range []struct {
		name string
		o    Conv1DOptions
		want []float64
	}{
		{"valid", Conv1DOptions{}, []float64{21, 32, 43, 54}},
		{"valid stride 2", Conv1DOptions{Stride: 2}, []float64{21, 43}},
		// out 5, total pad 1 after: the last window is 5 + 10·0.
		{"same", Conv1DOptions{Padding: "same"}, []float64{21, 32, 43, 54, 5}},
		// One zero before: the first window is 0 + 10·1.
		{"causal", Conv1DOptions{Padding: "causal"}, []float64{10, 21, 32, 43, 54}},
		// Taps 2 apart, two zeros before.
		{"causal dilation 2", Conv1DOptions{Padding: "causal", Dilation: 2}, []float64{10, 20, 31, 42, 53}},
		{"valid dilation 2", Conv1DOptions{Dilation: 2}, []float64{31, 42, 53}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := runOne(t, func(xs ...*Node) *Node { return Conv1D(xs[0], xs[1], c.o) }, x, k)
			expectValues(t, "y", got, []int{1, len(c.want), 1}, c.want, 1e-12)
		})
	}
}

// Hand-computed depthwise convolution: channel c of a 1×2 image meets its
// own two filters.
func TestDepthwiseConv2DKnownValues(t *testing.T) {
	// Pixels (1, 2) and (3, 4); kernel (1, 2, 2, 2): tap j, channel c,
	// multiplier m holds 1 + j·4 + c·2 + m.
	x := seqInput(1, 1, 2, 2)
	k := seqInput(1, 2, 2, 2)
	got := runOne(t, func(xs ...*Node) *Node { return DepthwiseConv2D(xs[0], xs[1], Conv2DOptions{}) }, x, k)
	// Output channel c·2+m = x[0,c]·k[0,c,m] + x[1,c]·k[1,c,m].
	want := []float64{1*1 + 3*5, 1*2 + 3*6, 2*3 + 4*7, 2*4 + 4*8}
	expectValues(t, "y", got, []int{1, 1, 1, 4}, want, 1e-12)
}

func TestGradCheckConv1DDepthwise(t *testing.T) {
	t.Run("Conv1D causal dilated", func(t *testing.T) {
		f := func(xs ...*Node) *Node { return Conv1D(xs[0], xs[1], Conv1DOptions{Padding: "causal", Dilation: 2}) }
		checkGradientsFed(t, f, randInput(800, -1, 1, 2, 7, 3), randInput(801, -1, 1, 3, 3, 2))
	})
	t.Run("Conv1D same stride 2 groups", func(t *testing.T) {
		f := func(xs ...*Node) *Node {
			return Conv1D(xs[0], xs[1], Conv1DOptions{Padding: "same", Stride: 2, Groups: 2})
		}
		checkGradientsFed(t, f, randInput(802, -1, 1, 3, 8, 4), randInput(803, -1, 1, 3, 2, 4))
	})
	t.Run("DepthwiseConv2D same stride 2", func(t *testing.T) {
		f := func(xs ...*Node) *Node {
			return DepthwiseConv2D(xs[0], xs[1], Conv2DOptions{Padding: "same", Strides: [2]int{2, 2}})
		}
		checkGradientsFed(t, f, randInput(804, -1, 1, 2, 5, 6, 3), randInput(805, -1, 1, 3, 3, 3, 2))
	})
}

func TestConv1DDepthwiseErrors(t *testing.T) {
	g := New()
	Conv1D(g.Placeholder("x", tensor.Float32, 2, 5, 3, 1), g.Placeholder("k", tensor.Float32, 2, 3, 4), Conv1DOptions{})
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "Conv1D") {
		t.Errorf("rank-4 x: error %v", err)
	}
	g = New()
	DepthwiseConv2D(g.Placeholder("x", tensor.Float32, 2, 5, 5, 3), g.Placeholder("k", tensor.Float32, 3, 3, 3, 1), Conv2DOptions{Groups: 3})
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "DepthwiseConv2D") {
		t.Errorf("groups set: error %v", err)
	}
}
