package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Conv2DTransposeOptions configures [Conv2DTranspose]. The zero value is a
// plain transposed convolution: strides 1, "valid" padding, no dilation,
// the output size inferred.
type Conv2DTransposeOptions struct {
	// Strides are the steps (rows, columns) of the convolution this op
	// transposes; a zero entry means 1.
	Strides [2]int
	// Padding is "valid" (the default when empty) or "same", as the
	// padding of the convolution this op transposes; case is ignored.
	Padding string
	// Dilation is the spacing (rows, columns) between the kernel's taps; a
	// zero entry means 1.
	Dilation [2]int
	// OutputPadding, when UseOutputPadding is set, is the extra size
	// (rows, columns) of the output (Keras's output_padding); each entry
	// must be non-negative and smaller than the stride. Without
	// UseOutputPadding the output size is inferred (output_padding=None).
	OutputPadding [2]int
	// UseOutputPadding makes OutputPadding count.
	UseOutputPadding bool
}

// conv2DTransposeOp is the transposed 2-D convolution of an NHWC input
// with a (kh, kw, filters, channels) kernel.
type conv2DTransposeOp struct{ o Conv2DTransposeOptions }

// Conv2DTranspose returns the transposed convolution of x, of shape
// (batch, height, width, channels), with kernel, of shape (kh, kw,
// filters, channels) as Keras's Conv2DTranspose stores it (without bias):
// the gradient with respect to its input of the convolution with the same
// kernel, strides, padding and dilation whose input has the output's
// shape. Each input pixel (y, x) adds kernel[i, j, f, c]·x[b, y, x, c] to
// output pixel (y·sh − padT + i·dh, x·sw − padL + j·dw, f).
//
// The output has shape (batch, oh, ow, filters) with Keras's sizes along
// each axis, for an input of n elements, a dilated kernel of e = (k−1)·d+1
// taps and stride s: n·s + max(e − s, 0) for "valid" and n·s for "same"
// without output padding; (n−1)·s + e − 2·p + outputPadding with it, where
// p is 0 for "valid" and e/2 for "same". padT and padL are those of the
// convolution on the output (TensorFlow's rule); a size the convolution
// does not map back onto the input (an even kernel with "same" and zero
// output padding) is a graph error. The batch may be Unknown.
func Conv2DTranspose(x, kernel *Node, opts Conv2DTransposeOptions) *Node {
	return graphOf(x, kernel).AddNode(conv2DTransposeOp{o: opts}, "Conv2DTranspose", x, kernel)
}

func (conv2DTransposeOp) Type() string { return "Conv2DTranspose" }

// convOptions returns the options of the convolution the op transposes,
// defaults filled, or an error if a field is invalid.
func (o Conv2DTransposeOptions) convOptions() (Conv2DOptions, error) {
	c, err := Conv2DOptions{Strides: o.Strides, Padding: o.Padding, Dilation: o.Dilation}.norm()
	if err != nil || !o.UseOutputPadding {
		return c, err
	}
	for i := range 2 {
		if o.OutputPadding[i] < 0 || o.OutputPadding[i] >= c.Strides[i] {
			return c, fmt.Errorf("output padding %v must be non-negative and smaller than the strides %v", o.OutputPadding, c.Strides)
		}
	}
	return c, nil
}

// transposeLength is Keras's output length of a transposed convolution
// along one axis of n elements (Unknown for an Unknown n).
func transposeLength(n, k, stride, dil int, same, useOut bool, outPad int) int {
	if n == Unknown {
		return Unknown
	}
	eff := (k-1)*dil + 1
	switch {
	case useOut && same:
		return (n-1)*stride + eff - 2*(eff/2) + outPad
	case useOut:
		return (n-1)*stride + eff + outPad
	case same:
		return n * stride
	}
	return n*stride + max(eff-stride, 0)
}

// conv2DTransposeGeom checks an input of static shape x and a kernel of
// shape k against the options and returns the options of the transposed
// convolution and its geometry, whose input is this op's output.
func conv2DTransposeGeom(o Conv2DTransposeOptions, x, k tensor.Shape) (Conv2DOptions, convGeom, error) {
	c, err := o.convOptions()
	if err != nil {
		return c, convGeom{}, err
	}
	if len(x) != 4 {
		return c, convGeom{}, fmt.Errorf("input must have rank 4 (batch, height, width, channels), got %s", formatShape(x))
	}
	if len(k) != 4 || !isKnown(k) {
		return c, convGeom{}, fmt.Errorf("kernel must have a known shape of rank 4 (kh, kw, filters, channels), got %s", formatShape(k))
	}
	if x[3] != Unknown && x[3] != k[3] {
		return c, convGeom{}, fmt.Errorf("input of shape %s has %d channels, the kernel of shape %s wants %d", formatShape(x), x[3], formatShape(k), k[3])
	}
	same := c.Padding == "same"
	out := tensor.Shape{x[0], 0, 0, k[2]}
	for i := range 2 {
		out[i+1] = transposeLength(x[i+1], k[i], c.Strides[i], c.Dilation[i], same, o.UseOutputPadding, o.OutputPadding[i])
		if out[i+1] != Unknown && out[i+1] < 1 {
			return c, convGeom{}, fmt.Errorf("input of shape %s gives an empty output", formatShape(x))
		}
	}
	c, g, err := conv2DGeom(c, out, k)
	if err != nil {
		return c, g, err
	}
	if !sameStatic(g.outShape(), tensor.Shape{x[0], x[1], x[2], k[3]}) {
		return c, g, fmt.Errorf("the output of shape %s does not convolve back to the input's %s (padding %q, output padding %v)",
			formatShape(out), formatShape(x), c.Padding, o.OutputPadding)
	}
	return c, g, nil
}

func (c conv2DTransposeOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	_, g, err := conv2DTransposeGeom(c.o, s[0], s[1])
	if err != nil {
		return 0, nil, err
	}
	return dt, tensor.Shape{g.n, g.h, g.w, g.c}, nil
}

// Compute runs the input-gradient kernel of the convolution it transposes,
// with x in the role of that convolution's output gradient.
func (c conv2DTransposeOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	_, g, _ := conv2DTransposeGeom(c.o, in[0].Shape(), in[1].Shape())
	switch y := out.Raw().(type) {
	case []float32:
		conv2DInputGradRun(&g, y, in[0].Float32s(), in[1].Float32s())
	case []float64:
		conv2DInputGradRun(&g, y, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: with C the convolution transposed, y = Cᵀ(x, k) is bilinear
// and <g, y> = <C(g, k), x>, so for upstream g, d/dx = Conv2D(g, k) and
// d/dk is C's filter gradient with g as its input and x as its output
// gradient.
func (c conv2DTransposeOp) Gradient(n, g *Node) ([]*Node, error) {
	x, k := n.inputs[0], n.inputs[1]
	co, err := c.o.convOptions()
	if err != nil {
		return nil, err
	}
	return []*Node{Conv2D(g, k, co), conv2DFilterGrad(co, g, x, k)}, nil
}
