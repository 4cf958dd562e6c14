package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// DepthwiseConv2D is Keras's depthwise 2-D convolution: each input channel
// is convolved with its own DepthMultiplier filters, (batch, height, width,
// channels) to (batch, out height, out width, channels·DepthMultiplier),
// output channel c·DepthMultiplier + m coming from channel c. The kernel
// has shape (kh, kw, channels, DepthMultiplier), the bias
// (channels·DepthMultiplier,). See graph.DepthwiseConv2D.
//
// The zero value of each field is Keras's default: depth multiplier 1,
// strides 1, "valid" padding, no dilation, no activation, a bias,
// GlorotUniform kernels and Zeros biases. KernelSize must be set.
type DepthwiseConv2D struct {
	// KernelSize is the window (rows, columns); both must be positive.
	KernelSize [2]int
	// Strides are the steps between windows; a zero entry means 1.
	Strides [2]int
	// Padding is "valid" ("") or "same"; case is ignored.
	Padding string
	// DepthMultiplier is the number of filters per input channel; 0
	// means 1.
	DepthMultiplier int
	// DilationRate is the spacing between taps; a zero entry means 1.
	DilationRate [2]int
	// Activation is a Keras activation name; "" means linear.
	Activation string
	// ActivationFn, if not nil, is used instead of Activation.
	ActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// DepthwiseInitializer and BiasInitializer set the starting weights
	// (nil: GlorotUniform and Zeros).
	DepthwiseInitializer, BiasInitializer initializers.Initializer
	// DepthwiseRegularizer and BiasRegularizer add weight penalties to the
	// training loss (nil: none).
	DepthwiseRegularizer, BiasRegularizer regularizers.Regularizer
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
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "DepthwiseConv2D".
func (*DepthwiseConv2D) Type() string { return "DepthwiseConv2D" }

// LayerName returns Name.
func (c *DepthwiseConv2D) LayerName() string { return c.Name }

// DeclaredInputShape returns InputShape.
func (c *DepthwiseConv2D) DeclaredInputShape() []int { return c.InputShape }

// options returns the graph options, defaults filled.
func (c *DepthwiseConv2D) options() graph.Conv2DOptions {
	return graph.Conv2DOptions{Strides: pairOr(c.Strides, [2]int{1, 1}), Padding: c.Padding, Dilation: pairOr(c.DilationRate, [2]int{1, 1})}
}

// Validate checks the configuration: positive KernelSize and
// DepthMultiplier, valid strides, dilation and padding, a known
// activation.
func (c *DepthwiseConv2D) Validate() error {
	if err := checkDataFormat(c.DataFormat); err != nil {
		return Errorf(c, "%v", err)
	}
	if c.DepthMultiplier < 0 {
		return Errorf(c, "depth multiplier must be positive, got %d", c.DepthMultiplier)
	}
	o := c.options()
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
func (c *DepthwiseConv2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(c, c.DataFormat, in, c.outputShapesLast)
}

// outputShapesLast returns (out height, out width, channels·DepthMultiplier)
// for an input of shape (height, width, channels), sizes as Conv2D's.
func (c *DepthwiseConv2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
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
	pad, _ := windowPadding(c.Padding, "valid", "same")
	out, err := spatialOut(s, c.KernelSize[:], o.Strides[:], o.Dilation[:], pad, ch*orOne(c.DepthMultiplier))
	if err != nil {
		return nil, Errorf(c, "%v", err)
	}
	return []tensor.Shape{out}, nil
}

// Build creates the kernel ("kernel", shape (kh, kw, channels,
// DepthMultiplier)) and, unless NoBias, the bias ("bias", shape
// (channels·DepthMultiplier,)).
func (c *DepthwiseConv2D) Build(ctx *Context, in []tensor.Shape) error {
	in = shapesLast(c.DataFormat, in)
	act, err := resolveActivation(c.ActivationFn, c.Activation)
	if err != nil {
		return Errorf(c, "%v", err)
	}
	ch, dm := in[0][2], orOne(c.DepthMultiplier)
	kernel, _, err := addKernelBias(ctx, "kernel", tensor.Shape{c.KernelSize[0], c.KernelSize[1], ch, dm},
		c.DepthwiseInitializer, c.DepthwiseRegularizer, false, nil, nil)
	if err != nil {
		return err
	}
	var bias *Weight
	if !c.NoBias {
		if bias, err = addBias(ctx, ch*dm, c.BiasInitializer, c.BiasRegularizer); err != nil {
			return err
		}
	}
	c.act, c.kernel, c.bias = act, kernel, bias
	return nil
}

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (c *DepthwiseConv2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(c, c.DataFormat, ctx, in, c.callLast)
}

// callLast adds activation(graph.DepthwiseConv2D(x, kernel) + bias).
func (c *DepthwiseConv2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(c, in)
	if err != nil {
		return nil, err
	}
	y := graph.DepthwiseConv2D(x, ctx.Var(c.kernel), c.options())
	return biasActivation(ctx, y, c.bias, c.act)
}

// Kernel returns the depthwise kernel (nil before Build).
func (c *DepthwiseConv2D) Kernel() *Weight { return c.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (c *DepthwiseConv2D) Bias() *Weight { return c.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (c *DepthwiseConv2D) ActivityRegularization() regularizers.Regularizer {
	return c.ActivityRegularizer
}
