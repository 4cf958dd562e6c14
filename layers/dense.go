package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/constraints"
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
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// KernelConstraint and BiasConstraint project the weights after each
	// optimizer update (nil: none), as Keras's kernel_constraint.
	KernelConstraint, BiasConstraint constraints.Constraint
	// InputShape declares the per-sample input shape when Dense is the
	// model's first layer (Keras's input_shape).
	InputShape []int
	// Name is the layer's name; empty lets the model choose one ("dense",
	// "dense_1", …).
	Name string

	Base
	act          activations.Func
	kernel, bias *Weight
}

// Type returns "Dense".
func (*Dense) Type() string { return "Dense" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*Dense) SupportsMasking() bool { return true }

// LayerName returns Name.
func (d *Dense) LayerName() string { return d.Name }

// DeclaredInputShape returns InputShape.
func (d *Dense) DeclaredInputShape() []int { return d.InputShape }

// Validate checks the configuration: Units positive, a known activation.
func (d *Dense) Validate() error {
	if d.Units <= 0 {
		return Errorf(d, "units must be positive, got %d", d.Units)
	}
	if _, err := resolveActivation(d.ActivationFn, d.Activation); err != nil {
		return Errorf(d, "%v", err)
	}
	return nil
}

// OutputShapes returns the input's shape with its last dimension replaced
// by Units. The input must have rank 1 or more and a positive last
// dimension.
func (d *Dense) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(s) == 0 {
		return nil, Errorf(d, "needs inputs with a feature axis, got shape %s", sampleShape(s))
	}
	if last := s[len(s)-1]; last <= 0 {
		return nil, Errorf(d, "the last dimension of the input must be positive, got shape %s", sampleShape(s))
	}
	out := s.Clone()
	out[len(out)-1] = d.Units
	return []tensor.Shape{out}, nil
}

// Build creates the kernel ("kernel", shape (in, Units)) and, unless
// NoBias, the bias ("bias", shape (Units,)).
func (d *Dense) Build(ctx *Context, in []tensor.Shape) error {
	act, err := resolveActivation(d.ActivationFn, d.Activation)
	if err != nil {
		return Errorf(d, "%v", err)
	}
	kinit, binit := d.KernelInitializer, d.BiasInitializer
	if kinit == nil {
		kinit = initializers.GlorotUniform{}
	}
	if binit == nil {
		binit = initializers.Zeros{}
	}
	shape := in[0]
	kernel, err := ctx.AddWeight("kernel", tensor.Shape{shape[len(shape)-1], d.Units}, kinit, d.KernelRegularizer, true)
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
	constrain(kernel, d.KernelConstraint)
	constrain(bias, d.BiasConstraint)
	return nil
}

// Call adds activation(x·kernel + bias) to the graph. x is (batch, …, in);
// inputs of rank above 2 are reshaped to (−1, in) for the product and back,
// so all their dimensions but the batch must be known.
func (d *Dense) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(d, in)
	if err != nil {
		return nil, err
	}
	kernel := ctx.Var(d.kernel)
	shape := x.Shape()
	units := d.kernel.Shape()[0]
	if shape.Rank() < 2 {
		return nil, ctx.Errorf("needs inputs of shape (batch, …, %d), got %s", units, batchShape(shape))
	}
	if last := shape[shape.Rank()-1]; last != units && last != graph.Unknown {
		return nil, ctx.Errorf("was built for inputs with last dimension %d, got shape %s", units, batchShape(shape))
	}
	var y *graph.Node
	if shape.Rank() == 2 {
		y = graph.MatMul(x, kernel)
	} else {
		back := make([]int, 0, shape.Rank())
		back = append(back, -1)
		for _, dim := range shape[1 : shape.Rank()-1] {
			if dim == graph.Unknown {
				return nil, ctx.Errorf("inputs of rank %d need known dimensions besides the batch, got shape %s", shape.Rank(), batchShape(shape))
			}
			back = append(back, dim)
		}
		back = append(back, d.Units)
		y = graph.Reshape(graph.MatMul(graph.Reshape(x, -1, units), kernel), back...)
	}
	if d.bias != nil {
		y = graph.Add(y, ctx.Var(d.bias))
	}
	return applyActivation(ctx, d.act, y)
}

// Kernel returns the kernel weight (nil before Build).
func (d *Dense) Kernel() *Weight { return d.kernel }

// Bias returns the bias weight (nil before Build or with NoBias).
func (d *Dense) Bias() *Weight { return d.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (d *Dense) ActivityRegularization() regularizers.Regularizer { return d.ActivityRegularizer }
