package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Conv2D is Keras's 2-D convolution layer: output = activation(conv(input,
// kernel) + bias) on channels-last images, (batch, height, width,
// channels) to (batch, out height, out width, Filters), with a kernel of
// shape (kh, kw, channels/Groups, Filters) and a bias of shape (Filters,).
// See graph.Conv2D for the computation.
//
// The zero value of each field is Keras's default: strides 1, "valid"
// padding, no dilation, one group, no activation, a bias, GlorotUniform
// kernels and Zeros biases, no regularizers. Filters and KernelSize have
// no default and must be set.
type Conv2D struct {
	// Filters is the number of output channels; it must be positive and a
	// multiple of Groups.
	Filters int
	// KernelSize is the window (rows, columns); both must be positive.
	KernelSize [2]int
	// Strides are the steps (rows, columns) between windows; a zero entry
	// means 1.
	Strides [2]int
	// Padding is "valid" (no padding; "" means it) or "same" (the output
	// has ceil(in/stride) positions); case is ignored.
	Padding string
	// DilationRate is the spacing between the kernel's taps; a zero entry
	// means 1. As in Keras, strides above 1 and dilation above 1 cannot
	// be combined.
	DilationRate [2]int
	// Groups splits the channels and filters into that many groups
	// convolved separately; 0 means 1.
	Groups int
	// Activation is a Keras activation name (see activations.Get); ""
	// means linear.
	Activation string
	// ActivationFn, if not nil, is used instead of Activation.
	ActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// KernelInitializer and BiasInitializer set the starting weights
	// (nil: GlorotUniform and Zeros).
	KernelInitializer, BiasInitializer initializers.Initializer
	// KernelRegularizer and BiasRegularizer add weight penalties to the
	// training loss (nil: none).
	KernelRegularizer, BiasRegularizer regularizers.Regularizer
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// KernelConstraint and BiasConstraint project the weights after each
	// optimizer update (nil: none), as Keras's kernel_constraint.
	KernelConstraint, BiasConstraint constraints.Constraint
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape, (height, width,
	// channels), when Conv2D is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one ("conv2d",
	// "conv2d_1", …).
	Name string

	Base
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "Conv2D".
func (*Conv2D) Type() string { return "Conv2D" }

// LayerName returns Name.
func (c *Conv2D) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *Conv2D) DeclaredInputShape() []int { return c.InputShape }

// options returns the graph options of the configuration, defaults filled.
func (c *Conv2D) options() graph.Conv2DOptions {
	return graph.Conv2DOptions{
		Strides:  pairOr(c.Strides, [2]int{1, 1}),
		Padding:  c.Padding,
		Dilation: pairOr(c.DilationRate, [2]int{1, 1}),
		Groups:   orOne(c.Groups),
	}
}

// Validate checks the configuration: positive Filters and KernelSize,
// Filters a multiple of Groups, valid strides, dilation and padding, a
// known activation.
func (c *Conv2D) Validate() error {
	if err := checkDataFormat(c.DataFormat); err != nil {
		return Errorf(c, "%v", err)
	}
	if c.Filters <= 0 {
		return Errorf(c, "filters must be positive, got %d", c.Filters)
	}
	o := c.options()
	if o.Groups < 0 || c.Filters%o.Groups != 0 {
		return Errorf(c, "groups must be positive and divide filters %d, got %d", c.Filters, c.Groups)
	}
	if err := checkWindow(c.KernelSize[:], o.Strides[:], o.Dilation[:]); err != nil {
		return Errorf(c, "%v", err)
	}
	if _, err := windowPadding(c.Padding, "valid", "same"); err != nil {
		return Errorf(c, "%v", err)
	}
	if _, err := resolveActivation(c.ActivationFn, c.Activation); err != nil {
		return Errorf(c, "%v", err)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (c *Conv2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (out height, out width, Filters) for an input of
// shape (height, width, channels), with Keras's sizes: ceil(in/stride) for
// "same", (in − (k−1)·dilation − 1)/stride + 1 for "valid". The channels
// must be known and a multiple of Groups.
func (c *Conv2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(c, in)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ch, err := channelsOf(s, 3, "height, width, channels")
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	o := c.options()
	if ch%o.Groups != 0 {
		return nil, Errorf(c, "the input's %d channels are not a multiple of groups %d", ch, o.Groups)
	}
	pad, _ := windowPadding(c.Padding, "valid", "same")
	out, err := spatialOut(s, c.KernelSize[:], o.Strides[:], o.Dilation[:], pad, c.Filters)
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build creates the kernel ("kernel", shape (kh, kw, channels/Groups,
// Filters)) and, unless NoBias, the bias ("bias", shape (Filters,)).
func (c *Conv2D) Build(ctx *Context, in []tensor.Shape) error {
	in = shapesLast(c.DataFormat, in)
	act, err := resolveActivation(c.ActivationFn, c.Activation)
	if err != nil {
		return Errorf(c, "%v", err)
	}
	ch := in[0][2]
	shape := tensor.Shape{c.KernelSize[0], c.KernelSize[1], ch / orOne(c.Groups), c.Filters}
	kernel, bias, err := addKernelBias(ctx, "kernel", shape, c.KernelInitializer, c.KernelRegularizer,
		!c.NoBias, c.BiasInitializer, c.BiasRegularizer)
	if err != nil {
		return err
	}
	c.act, c.kernel, c.bias = act, kernel, bias
	constrain(kernel, c.KernelConstraint)
	constrain(bias, c.BiasConstraint)
	return nil
}

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (c *Conv2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast adds activation(graph.Conv2D(x, kernel) + bias) to the graph.
func (c *Conv2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	y := graph.Conv2D(x, ctx.Var(c.kernel), c.options())
	return biasActivation(ctx, y, c.bias, c.act)
}

// Kernel returns the kernel weight (nil before Build).
func (c *Conv2D) Kernel() *Weight { return c.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (c *Conv2D) Bias() *Weight { return c.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (c *Conv2D) ActivityRegularization() regularizers.Regularizer { return c.ActivityRegularizer }
