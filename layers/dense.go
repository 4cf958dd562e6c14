package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Dense is Keras's densely-connected layer: output =
// activation(input·kernel + bias), with a kernel of shape (in, Units),
// where in is the last dimension of the input, and a bias of shape
// (Units,). On inputs of rank above 2 it applies to the last axis, as Keras
// does: a (batch, d1, …, in) input gives a (batch, d1, …, Units) output.
//
// The zero value of each field is Keras's default: no activation
// ("linear"), a bias (Keras's use_bias=True; set NoBias to leave it out),
// GlorotUniform kernels and Zeros biases, no regularizers.
type Dense struct {
	// Units is the output dimension; it must be positive.
	Units int
	// Activation is a Keras activation name, such as "relu" or "softmax"
	// (see activations.Get); "" means linear.
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
	// InputShape declares the per-sample input shape when Dense is the
	// model's first layer (Keras's input_shape).
	InputShape []int
	// Name is the layer's name; empty lets the model choose one ("dense",
	// "dense_1", …).
	Name string

	name         string // the name the model gave the layer
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "Dense".
func (*Dense) Type() string { return "Dense" }

// LayerName returns Name.
func (d *Dense) LayerName() string { return d.Name }

// DeclaredInputShape returns InputShape.
func (d *Dense) DeclaredInputShape() []int { return d.InputShape }

// OutputShape returns inputShape with its last dimension replaced by Units.
// The input must have rank 1 or more and a positive last dimension.
func (d *Dense) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	name := layerName(d.name, d.Name)
	if d.Units <= 0 {
		return nil, layerErr(name, d.Type(), "units must be positive, got %d", d.Units)
	}
	if len(inputShape) == 0 {
		return nil, layerErr(name, d.Type(), "needs inputs with a feature axis, got shape %s", sampleShape(inputShape))
	}
	if last := inputShape[len(inputShape)-1]; last <= 0 {
		return nil, layerErr(name, d.Type(), "the last dimension of the input must be positive, got shape %s", sampleShape(inputShape))
	}
	out := inputShape.Clone()
	out[len(out)-1] = d.Units
	return out, nil
}

// Build checks the configuration and creates the kernel ("kernel", shape
// (in, Units)) and, unless NoBias, the bias ("bias", shape (Units,)).
// Building again (for a new model graph) replaces the weights.
func (d *Dense) Build(ctx *Context, inputShape tensor.Shape) error {
	if ctx != nil {
		d.name = ctx.Name
	}
	name := layerName(d.name, d.Name)
	if err := checkContext(ctx, name, d.Type()); err != nil {
		return err
	}
	if _, err := d.OutputShape(inputShape); err != nil {
		return err
	}
	act, err := resolveActivation(d.ActivationFn, d.Activation, name, d.Type())
	if err != nil {
		return err
	}
	kinit, binit := d.KernelInitializer, d.BiasInitializer
	if kinit == nil {
		kinit = initializers.GlorotUniform{}
	}
	if binit == nil {
		binit = initializers.Zeros{}
	}
	in := inputShape[len(inputShape)-1]
	kernel, err := ctx.AddWeight("kernel", tensor.Shape{in, d.Units}, kinit, d.KernelRegularizer, true)
	if err != nil {
		return err
	}
	var bias *Weight
	if !d.NoBias {
		if bias, err = ctx.AddWeight("bias", tensor.Shape{d.Units}, binit, d.BiasRegularizer, true); err != nil {
			return err
		}
	}
	d.act, d.kernel, d.bias = act, kernel, bias
	return nil
}

// Call adds activation(x·kernel + bias) to the graph. x is (batch, …, in);
// inputs of rank above 2 are reshaped to (−1, in) for the product and back,
// so all their dimensions but the batch must be known.
func (d *Dense) Call(ctx *Context, x *graph.Node, _ bool) (*graph.Node, error) {
	if ctx != nil && ctx.Name != "" {
		d.name = ctx.Name
	}
	name := layerName(d.name, d.Name)
	if d.kernel == nil {
		return nil, layerErr(name, d.Type(), "called before Build")
	}
	if err := checkInput(ctx, x, name, d.Type()); err != nil {
		return nil, err
	}
	if x.Graph() != d.kernel.Node.Graph() {
		return nil, layerErr(name, d.Type(), "input %s is not in the graph the layer was built in", x.Name())
	}
	shape := x.Shape()
	in := d.kernel.Node.Shape()[0]
	if shape.Rank() < 2 {
		return nil, layerErr(name, d.Type(), "needs inputs of shape (batch, …, %d), got %s", in, batchShape(shape))
	}
	if last := shape[shape.Rank()-1]; last != in && last != graph.Unknown {
		return nil, layerErr(name, d.Type(), "was built for inputs with last dimension %d, got shape %s", in, batchShape(shape))
	}
	var y *graph.Node
	if shape.Rank() == 2 {
		y = graph.MatMul(x, d.kernel.Node)
	} else {
		back := make([]int, 0, shape.Rank())
		back = append(back, -1)
		for _, dim := range shape[1 : shape.Rank()-1] {
			if dim == graph.Unknown {
				return nil, layerErr(name, d.Type(), "inputs of rank %d need known dimensions besides the batch, got shape %s", shape.Rank(), batchShape(shape))
			}
			back = append(back, dim)
		}
		back = append(back, d.Units)
		y = graph.Reshape(graph.MatMul(graph.Reshape(x, -1, in), d.kernel.Node), back...)
	}
	if d.bias != nil {
		y = graph.Add(y, d.bias.Node)
	}
	return applyActivation(d.act, y, name, d.Type())
}

// Weights returns the kernel and, unless NoBias, the bias, in Keras's
// order; nil before Build.
func (d *Dense) Weights() []*Weight {
	switch {
	case d.kernel == nil:
		return nil
	case d.bias == nil:
		return []*Weight{d.kernel}
	}
	return []*Weight{d.kernel, d.bias}
}

// Kernel returns the kernel weight (nil before Build).
func (d *Dense) Kernel() *Weight { return d.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (d *Dense) Bias() *Weight { return d.bias }
