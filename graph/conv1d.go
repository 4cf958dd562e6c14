package graph

import "strings"

// Conv1DOptions configures [Conv1D]. The zero value is a plain
// convolution: stride 1, "valid" padding, no dilation, one group.
type Conv1DOptions struct {
	// Stride is the step between windows; zero means 1.
	Stride int
	// Padding is "valid" (the default when empty), "same" (the rule of
	// [Conv2DOptions]) or "causal" ((k-1)·dilation zeros before the
	// sequence and none after, so output step t sees only inputs up to
	// t). Case is ignored.
	Padding string
	// Dilation is the spacing between the kernel's taps; zero means 1.
	Dilation int
	// Groups is as in [Conv2DOptions].
	Groups int
}

// Conv1D returns the 1-D convolution of x, of shape (batch, steps,
// channels), with kernel, of shape (k, channels/groups, filters), as
// Keras's Conv1D computes it (without bias), of shape (batch, out steps,
// filters). It is Conv2D on x and kernel given a height of 1 (causal
// padding is Pad followed by "valid"), so it has Conv2D's gradients.
func Conv1D(x, kernel *Node, opts Conv1DOptions) *Node {
	g := graphOf(x, kernel)
	o := Conv2DOptions{Strides: [2]int{1, opts.Stride}, Dilation: [2]int{1, opts.Dilation}, Groups: opts.Groups, Padding: opts.Padding}
	if len(x.Shape()) != 3 || len(kernel.Shape()) != 3 {
		g.Errorf("Conv1D: x %s and kernel %s must have rank 3 (batch, steps, channels) and (k, channels/groups, filters)",
			formatShape(x.Shape()), formatShape(kernel.Shape()))
		return g.errorNode()
	}
	if strings.EqualFold(opts.Padding, "causal") {
		k := kernel.Shape()[0]
		if k == Unknown || opts.Dilation < 0 {
			g.Errorf("Conv1D: causal padding needs a known kernel size and a positive dilation, got kernel %s and dilation %d",
				formatShape(kernel.Shape()), opts.Dilation)
			return g.errorNode()
		}
		x = Pad(x, [][2]int{{0, 0}, {(k - 1) * max(opts.Dilation, 1), 0}, {0, 0}})
		o.Padding = "valid"
	}
	return Squeeze(Conv2D(ExpandDims(x, 1), ExpandDims(kernel, 0), o), 1)
}
