package graph

// DepthwiseConv2D returns the depthwise convolution of x, of shape (batch,
// height, width, channels), with kernel, of shape (kh, kw, channels,
// multiplier), as Keras's DepthwiseConv2D computes it (without bias): each
// input channel c is convolved with its own multiplier filters, giving
// output channel c·multiplier + m. opts.Groups must be 0 (the channels
// are the groups). It is Conv2D with one group per channel and the kernel
// viewed as (kh, kw, 1, channels·multiplier), which has the same memory
// layout, so it has Conv2D's gradients.
func DepthwiseConv2D(x, kernel *Node, opts Conv2DOptions) *Node {
	g := graphOf(x, kernel)
	ks := kernel.Shape()
	if len(ks) != 4 || !isKnown(ks) {
		g.Errorf("DepthwiseConv2D: kernel must have a known shape of rank 4 (kh, kw, channels, multiplier), got %s", formatShape(ks))
		return g.errorNode()
	}
	if opts.Groups != 0 {
		g.Errorf("DepthwiseConv2D: groups %d must be left 0: the %d channels are the groups", opts.Groups, ks[2])
		return g.errorNode()
	}
	opts.Groups = ks[2]
	return Conv2D(x, Reshape(kernel, ks[0], ks[1], 1, ks[2]*ks[3]), opts)
}
