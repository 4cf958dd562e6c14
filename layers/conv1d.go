package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Conv1D is Keras's 1-D convolution layer over sequences: (batch, steps,
// channels) to (batch, out steps, Filters), output = activation(conv(input,
// kernel) + bias), with a kernel of shape (KernelSize, channels/Groups,
// Filters) and a bias of shape (Filters,). See graph.Conv1D.
//
// The zero value of each field is Keras's default: stride 1, "valid"
// padding, no dilation, one group, no activation, a bias, GlorotUniform
// kernels and Zeros biases. Filters and KernelSize must be set.
type Conv1D struct {
	// Filters is the number of output channels; it must be positive and a
	// multiple of Groups.
	Filters int
	// KernelSize is the window length; it must be positive.
	KernelSize int
	// Strides is the step between windows; 0 means 1.
	Strides int
	// Padding is "valid" (""), "same" or "causal" (output step t sees
	// only the inputs up to t); case is ignored.
	Padding string
	// DilationRate is the spacing between the kernel's taps; 0 means 1.
	// Strides and dilation above 1 cannot be combined.
	DilationRate int
	// Groups splits the channels and filters into groups; 0 means 1.
	Groups int
	// Activation is a Keras activation name; "" means linear.
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
	// (batch, steps, channels)) or "channels_first" ((batch,
	// channels, steps)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape, (steps, channels),
	// when Conv1D is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "Conv1D".
func (*Conv1D) Type() string { return "Conv1D" }

// LayerName returns Name.
func (c *Conv1D) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *Conv1D) DeclaredInputShape() []int { return c.InputShape }

// options returns the graph options, defaults filled.
func (c *Conv1D) options() graph.Conv1DOptions {
	return graph.Conv1DOptions{Stride: orOne(c.Strides), Padding: c.Padding, Dilation: orOne(c.DilationRate), Groups: orOne(c.Groups)}
}

// Validate checks the configuration as Conv2D's, with "causal" padding
// allowed.
func (c *Conv1D) Validate() error {
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
	if err := checkWindow([]int{c.KernelSize}, []int{o.Stride}, []int{o.Dilation}); err != nil {
		return Errorf(c, "%v", err)
	}
	if _, err := windowPadding(c.Padding, "valid", "same", "causal"); err != nil {
		return Errorf(c, "%v", err)
	}
	if _, err := resolveActivation(c.ActivationFn, c.Activation); err != nil {
		return Errorf(c, "%v", err)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (c *Conv1D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (out steps, Filters) for an input of shape (steps,
// channels): ceil(steps/stride) for "same", steps − (k−1)·dilation for
// "causal" and "valid" ("causal" first pads (k−1)·dilation steps).
func (c *Conv1D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(c, in)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ch, err := channelsOf(s, 2, "steps, channels")
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	o := c.options()
	if ch%o.Groups != 0 {
		return nil, Errorf(c, "the input's %d channels are not a multiple of groups %d", ch, o.Groups)
	}
	pad, _ := windowPadding(c.Padding, "valid", "same", "causal")
	out, err := spatialOut(s, []int{c.KernelSize}, []int{o.Stride}, []int{o.Dilation}, pad, c.Filters)
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build creates the kernel ("kernel", shape (KernelSize, channels/Groups,
// Filters)) and, unless NoBias, the bias ("bias", shape (Filters,)).
func (c *Conv1D) Build(ctx *Context, in []tensor.Shape) error {
	in = shapesLast(c.DataFormat, in)
	act, err := resolveActivation(c.ActivationFn, c.Activation)
	if err != nil {
		return Errorf(c, "%v", err)
	}
	shape := tensor.Shape{c.KernelSize, in[0][1] / orOne(c.Groups), c.Filters}
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
func (c *Conv1D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast adds activation(graph.Conv1D(x, kernel) + bias) to the graph.
func (c *Conv1D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	y := graph.Conv1D(x, ctx.Var(c.kernel), c.options())
	return biasActivation(ctx, y, c.bias, c.act)
}

// Kernel returns the kernel weight (nil before Build).
func (c *Conv1D) Kernel() *Weight { return c.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (c *Conv1D) Bias() *Weight { return c.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (c *Conv1D) ActivityRegularization() regularizers.Regularizer { return c.ActivityRegularizer }
