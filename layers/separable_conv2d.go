package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// SeparableConv2D is Keras's depthwise separable 2-D convolution: a
// depthwise convolution (each channel with its own DepthMultiplier
// filters, as DepthwiseConv2D) followed by a pointwise 1×1 convolution to
// Filters channels, then the bias and the activation. The depthwise kernel
// has shape (kh, kw, channels, DepthMultiplier), the pointwise kernel (1,
// 1, channels·DepthMultiplier, Filters), the bias (Filters,).
//
// The zero value of each field is Keras's default: depth multiplier 1,
// strides 1, "valid" padding, no dilation, no activation, a bias,
// GlorotUniform kernels and Zeros biases. Filters and KernelSize must be
// set.
type SeparableConv2D struct {
	// Filters is the number of output channels; it must be positive.
	Filters int
	// KernelSize is the depthwise window (rows, columns); both positive.
	KernelSize [2]int
	// Strides are the depthwise steps; a zero entry means 1.
	Strides [2]int
	// Padding is "valid" ("") or "same"; case is ignored.
	Padding string
	// DepthMultiplier is the number of depthwise filters per channel; 0
	// means 1.
	DepthMultiplier int
	// DilationRate is the spacing between depthwise taps; a zero entry
	// means 1.
	DilationRate [2]int
	// Activation is a Keras activation name; "" means linear.
	Activation string
	// ActivationFn, if not nil, is used instead of Activation.
	ActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// DepthwiseInitializer, PointwiseInitializer and BiasInitializer set
	// the starting weights (nil: GlorotUniform, GlorotUniform, Zeros).
	DepthwiseInitializer, PointwiseInitializer, BiasInitializer initializers.Initializer
	// DepthwiseRegularizer, PointwiseRegularizer and BiasRegularizer add
	// weight penalties to the training loss (nil: none).
	DepthwiseRegularizer, PointwiseRegularizer, BiasRegularizer regularizers.Regularizer
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape, (height, width,
	// channels), when the layer is the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	act                        activations.Func
	depthwise, pointwise, bias *Weight
}

// Type returns "SeparableConv2D".
func (*SeparableConv2D) Type() string { return "SeparableConv2D" }

// LayerName returns Name.
func (c *SeparableConv2D) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *SeparableConv2D) DeclaredInputShape() []int { return c.InputShape }

// depthwiseLayer returns the depthwise part of the configuration, which
// checks and sizes the window.
func (c *SeparableConv2D) depthwiseLayer() *DepthwiseConv2D {
	return &DepthwiseConv2D{KernelSize: c.KernelSize, Strides: c.Strides, Padding: c.Padding,
		DepthMultiplier: c.DepthMultiplier, DilationRate: c.DilationRate, Name: c.Name}
}

// Validate checks the configuration: positive Filters, and the depthwise
// window as DepthwiseConv2D checks it, a known activation.
func (c *SeparableConv2D) Validate() error {
	if err := checkDataFormat(c.DataFormat); err != nil {
		return Errorf(c, "%v", err)
	}
	if c.Filters <= 0 {
		return Errorf(c, "filters must be positive, got %d", c.Filters)
	}
	if err := c.depthwiseLayer().Validate(); err != nil {
		return Errorf(c, "%v", innerErr(err))
	}
	if _, err := resolveActivation(c.ActivationFn, c.Activation); err != nil {
		return Errorf(c, "%v", err)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (c *SeparableConv2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (out height, out width, Filters) for an input of
// shape (height, width, channels), sizes as Conv2D's.
func (c *SeparableConv2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	out, err := c.depthwiseLayer().OutputShapes(in)
	if err != nil {
		return nil, Errorf(c, "%v", innerErr(err))
	}
	out[0][2] = c.Filters
	return out, nil
}

// Build creates the depthwise kernel ("depthwise_kernel", shape (kh, kw,
// channels, DepthMultiplier)), the pointwise kernel ("pointwise_kernel",
// shape (1, 1, channels·DepthMultiplier, Filters)) and, unless NoBias,
// the bias ("bias", shape (Filters,)).
func (c *SeparableConv2D) Build(ctx *Context, in []tensor.Shape) error {
	in = shapesLast(c.DataFormat, in)
	act, err := resolveActivation(c.ActivationFn, c.Activation)
	if err != nil {
		return Errorf(c, "%v", err)
	}
	ch, dm := in[0][2], orOne(c.DepthMultiplier)
	depthwise, _, err := addKernelBias(ctx, "depthwise_kernel", tensor.Shape{c.KernelSize[0], c.KernelSize[1], ch, dm},
		c.DepthwiseInitializer, c.DepthwiseRegularizer, false, nil, nil)
	if err != nil {
		return err
	}
	pointwise, bias, err := addKernelBias(ctx, "pointwise_kernel", tensor.Shape{1, 1, ch * dm, c.Filters},
		c.PointwiseInitializer, c.PointwiseRegularizer, !c.NoBias, c.BiasInitializer, c.BiasRegularizer)
	if err != nil {
		return err
	}
	c.act, c.depthwise, c.pointwise, c.bias = act, depthwise, pointwise, bias
	return nil
}

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (c *SeparableConv2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast adds activation(Conv2D(DepthwiseConv2D(x, depthwise), pointwise)
// + bias).
func (c *SeparableConv2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	h := graph.DepthwiseConv2D(x, ctx.Var(c.depthwise), c.depthwiseLayer().options())
	y := graph.Conv2D(h, ctx.Var(c.pointwise), graph.Conv2DOptions{})
	return biasActivation(ctx, y, c.bias, c.act)
}

// DepthwiseKernel returns the depthwise kernel (nil before Build).
func (c *SeparableConv2D) DepthwiseKernel() *Weight { return c.depthwise }

// PointwiseKernel returns the pointwise kernel (nil before Build).
func (c *SeparableConv2D) PointwiseKernel() *Weight { return c.pointwise }

// Bias returns the bias weight (nil before Build or with NoBias).
func (c *SeparableConv2D) Bias() *Weight { return c.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (c *SeparableConv2D) ActivityRegularization() regularizers.Regularizer {
	return c.ActivityRegularizer
}
