package layers

import (
	"fmt"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Conv2DTranspose is Keras's transposed 2-D convolution layer (sometimes
// called deconvolution): output = activation(conv_transpose(input,
// kernel) + bias), (batch, height, width, channels) to (batch, out height,
// out width, Filters), with a kernel of shape (kh, kw, Filters, channels)
// and a bias of shape (Filters,). See graph.Conv2DTranspose for the
// computation and the output sizes.
//
// The zero value of each field is Keras's default: strides 1, "valid"
// padding, the output size inferred, no dilation, no activation, a bias,
// GlorotUniform kernels and Zeros biases, no regularizers. Filters and
// KernelSize have no default and must be set.
type Conv2DTranspose struct {
	// Filters is the number of output channels; it must be positive.
	Filters int
	// KernelSize is the window (rows, columns); both must be positive.
	KernelSize [2]int
	// Strides are the steps (rows, columns) of the convolution the layer
	// transposes, the upsampling factors; a zero entry means 1.
	Strides [2]int
	// Padding is "valid" ("") or "same" (the output has in·stride
	// positions); case is ignored.
	Padding string
	// OutputPadding is Keras's output_padding: nil infers the output size;
	// one entry (both axes) or two (rows, columns) add to the size
	// (in−1)·stride + kernel − 2·pad, each non-negative and smaller than
	// the stride.
	OutputPadding []int
	// DilationRate is the spacing between the kernel's taps; a zero entry
	// means 1. Strides above 1 and dilation above 1 cannot be combined.
	DilationRate [2]int
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
	// optimizer update (nil: none).
	KernelConstraint, BiasConstraint constraints.Constraint
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is the
	// model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one
	// ("conv2d_transpose", …).
	Name string

	Base
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "Conv2DTranspose".
func (*Conv2DTranspose) Type() string { return "Conv2DTranspose" }

// LayerName returns Name.
func (c *Conv2DTranspose) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *Conv2DTranspose) DeclaredInputShape() []int { return c.InputShape }

// options returns the graph options of the configuration, defaults
// filled, or an error for a malformed OutputPadding.
func (c *Conv2DTranspose) options() (graph.Conv2DTransposeOptions, error) {
	o := graph.Conv2DTransposeOptions{
		Strides:  pairOr(c.Strides, [2]int{1, 1}),
		Padding:  c.Padding,
		Dilation: pairOr(c.DilationRate, [2]int{1, 1}),
	}
	switch len(c.OutputPadding) {
	case 0:
		if c.OutputPadding != nil {
			return o, fmt.Errorf("output padding must have 1 or 2 entries, got none")
		}
		return o, nil
	case 1:
		o.OutputPadding = [2]int{c.OutputPadding[0], c.OutputPadding[0]}
	case 2:
		o.OutputPadding = [2]int(c.OutputPadding)
	default:
		return o, fmt.Errorf("output padding must have 1 or 2 entries, got %v", c.OutputPadding)
	}
	o.UseOutputPadding = true
	for i, p := range o.OutputPadding {
		if p < 0 || p >= o.Strides[i] {
			return o, fmt.Errorf("output padding %v must be non-negative and smaller than the strides %v", c.OutputPadding, o.Strides)
		}
	}
	return o, nil
}

// Validate checks the configuration: positive Filters and KernelSize,
// valid strides, dilation, padding, output padding, data format and
// activation.
func (c *Conv2DTranspose) Validate() error {
	if err := checkDataFormat(c.DataFormat); err != nil {
		return Errorf(c, "%v", err)
	}
	if c.Filters <= 0 {
		return Errorf(c, "filters must be positive, got %d", c.Filters)
	}
	o, err := c.options()
	if err == nil {
		err = checkWindow(c.KernelSize[:], o.Strides[:], o.Dilation[:])
	}
	if err == nil {
		_, err = windowPadding(c.Padding, "valid", "same")
	}
	if err == nil {
		_, err = resolveActivation(c.ActivationFn, c.Activation)
	}
	if err != nil {
		return Errorf(c, "%v", err)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (c *Conv2DTranspose) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (out height, out width, Filters) for an input of
// shape (height, width, channels), with Keras's sizes (see
// graph.Conv2DTranspose).
func (c *Conv2DTranspose) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(c, in)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if _, err := channelsOf(s, 3, "height, width, channels"); err != nil {
		return nil, Errorf(c, "%v", err)
	}
	o, _ := c.options()
	pad, _ := windowPadding(c.Padding, "valid", "same")
	out := tensor.Shape{0, 0, c.Filters}
	for i := range 2 {
		if out[i], err = transposeOut(s[i], c.KernelSize[i], o, i, pad); err != nil {
			return nil, Errorf(c, "input of shape %s, axis %d: %v", sampleShape(s), i+1, err)
		}
	}
	return []tensor.Shape{out}, nil
}

// transposeOut returns Keras's output size along axis i of a transposed
// convolution of an axis of n elements with a kernel of k taps, checking
// that the convolution maps it back onto n (Unknown gives Unknown).
func transposeOut(n, k int, o graph.Conv2DTransposeOptions, i int, pad string) (int, error) {
	if n == graph.Unknown {
		return graph.Unknown, nil
	}
	s, eff := o.Strides[i], (k-1)*o.Dilation[i]+1
	var out int
	switch {
	case o.UseOutputPadding && pad == "same":
		out = (n-1)*s + eff - 2*(eff/2) + o.OutputPadding[i]
	case o.UseOutputPadding:
		out = (n-1)*s + eff + o.OutputPadding[i]
	case pad == "same":
		out = n * s
	default:
		out = n*s + max(eff-s, 0)
	}
	if back, err := windowOut(out, k, s, o.Dilation[i], pad); err != nil || back != n || out < 1 {
		return 0, fmt.Errorf("an output of %d elements does not convolve back to the input's %d (padding %q, output padding %v)",
			out, n, pad, o.OutputPadding)
	}
	return out, nil
}

// Build creates the kernel ("kernel", shape (kh, kw, Filters, channels))
// and, unless NoBias, the bias ("bias", shape (Filters,)).
func (c *Conv2DTranspose) Build(ctx *Context, in []tensor.Shape) error {
	in = shapesLast(c.DataFormat, in)
	act, err := resolveActivation(c.ActivationFn, c.Activation)
	if err != nil {
		return Errorf(c, "%v", err)
	}
	kinit := c.KernelInitializer
	if kinit == nil {
		kinit = initializers.GlorotUniform{}
	}
	shape := tensor.Shape{c.KernelSize[0], c.KernelSize[1], c.Filters, in[0][2]}
	kernel, err := ctx.AddWeight("kernel", shape, kinit, c.KernelRegularizer, true)
	if err != nil {
		return err
	}
	var bias *Weight
	if !c.NoBias {
		if bias, err = addBias(ctx, c.Filters, c.BiasInitializer, c.BiasRegularizer); err != nil {
			return err
		}
	}
	c.act, c.kernel, c.bias = act, kernel, bias
	constrain(kernel, c.KernelConstraint)
	constrain(bias, c.BiasConstraint)
	return nil
}

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (c *Conv2DTranspose) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast adds activation(graph.Conv2DTranspose(x, kernel) + bias).
func (c *Conv2DTranspose) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	o, err := c.options()
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	y := graph.Conv2DTranspose(x, ctx.Var(c.kernel), o)
	return biasActivation(ctx, y, c.bias, c.act)
}

// Kernel returns the kernel weight (nil before Build).
func (c *Conv2DTranspose) Kernel() *Weight { return c.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (c *Conv2DTranspose) Bias() *Weight { return c.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (c *Conv2DTranspose) ActivityRegularization() regularizers.Regularizer {
	return c.ActivityRegularizer
}
