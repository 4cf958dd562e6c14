package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// SimpleRNN is Keras's fully-connected recurrent layer: for each time step
// h = activation(x_t·kernel + bias + h·recurrent_kernel), with Keras's
// weights "kernel" (features, Units), "recurrent_kernel" (Units, Units)
// and "bias" (Units,). The output is the last h, or every step's h with
// ReturnSequences; see rnn.go for the inputs (mask, initial state h) and
// the masking rules. With ReturnState the outputs are [output, h]. With
// the default activation, tanh, the whole sequence runs as one
// graph.SimpleRNNSequence op (dropout included, and the mask its sequence
// carries when it starts from zeros); with an explicit Masked input, a
// masked initial state or another activation each step runs on plain
// graph ops. With Stateful the final h of a batch is
// the initial h of the next (see rnn_stateful.go). Keras's unroll and
// constraints arguments have no counterpart.
type SimpleRNN struct {
	// Units is the size of h; it must be positive.
	Units int
	// Activation is a Keras activation name; "" means Keras's default
	// "tanh".
	Activation string
	// ActivationFn, if not nil, is used instead of Activation.
	ActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// KernelInitializer, RecurrentInitializer and BiasInitializer set the
	// starting weights (nil: GlorotUniform, Orthogonal and Zeros).
	KernelInitializer, RecurrentInitializer, BiasInitializer initializers.Initializer
	// KernelRegularizer, RecurrentRegularizer and BiasRegularizer add
	// weight penalties to the training loss (nil: none).
	KernelRegularizer, RecurrentRegularizer, BiasRegularizer regularizers.Regularizer
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// Dropout and RecurrentDropout are the fractions, in [0, 1), of the
	// inputs and of h dropped in training, one mask per run shared by all
	// time steps.
	Dropout, RecurrentDropout float64
	// Seed fixes the dropout masks; 0 draws seeds from the model's random
	// stream.
	Seed uint64
	// ReturnSequences returns h for every step instead of the last one.
	ReturnSequences bool
	// ReturnState adds the final h to the outputs.
	ReturnState bool
	// GoBackwards processes the sequence from its last step to its first.
	GoBackwards bool
	// Stateful keeps the final states of each batch as the initial
	// states of the next, sample i for sample i (Keras's stateful): the
	// model needs a fixed batch size (layers.InputLayer's BatchSize), and
	// ResetStates sets the states back to zeros.
	Stateful bool
	// Masked makes the second input a (batch, timesteps) mask (see rnn.go).
	Masked bool
	// InputShape declares the per-sample input shape (timesteps, features)
	// when SimpleRNN is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	zeroOutputForMask bool
	states            rnnStates
	act               activations.Func
	kernel, recurrent *Weight
	bias              *Weight
}

// Type returns "SimpleRNN".
func (*SimpleRNN) Type() string { return "SimpleRNN" }

// LayerName returns Name.
func (l *SimpleRNN) LayerName() string { return l.Name }

// DeclaredInputShape returns InputShape.
func (l *SimpleRNN) DeclaredInputShape() []int { return l.InputShape }

// config returns the shared recurrent configuration.
func (l *SimpleRNN) config() rnnConfig {
	return rnnConfig{units: l.Units, returnSequences: l.ReturnSequences, returnState: l.ReturnState,
		goBackwards: l.GoBackwards, dropout: l.Dropout, recurrentDropout: l.RecurrentDropout,
		seed: l.Seed, masked: l.Masked, zeroOutputForMask: l.zeroOutputForMask, stateful: l.Stateful, nStates: 1}
}

// activation resolves the activation ("" is "tanh").
func (l *SimpleRNN) activation() (activations.Func, error) {
	name := l.Activation
	if name == "" {
		name = "tanh"
	}
	return resolveActivation(l.ActivationFn, name)
}

// Validate checks Units, the dropout rates and the activation.
func (l *SimpleRNN) Validate() error {
	if err := rnnValidate(l, l.config()); err != nil {
		return err
	}
	if _, err := l.activation(); err != nil {
		return Errorf(l, "%v", err)
	}
	return nil
}

// OutputShapes returns (Units,) or (timesteps, Units), then (Units,) for h
// with ReturnState.
func (l *SimpleRNN) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return rnnOutputShapes(l, l.config(), in)
}

// Build creates "kernel", "recurrent_kernel" and, unless NoBias, "bias".
func (l *SimpleRNN) Build(ctx *Context, in []tensor.Shape) error {
	act, err := l.activation()
	if err != nil {
		return Errorf(l, "%v", err)
	}
	l.act = act
	l.kernel, l.recurrent, err = rnnKernels(ctx, in[0], 1, l.Units, l.KernelInitializer, l.RecurrentInitializer, l.KernelRegularizer, l.RecurrentRegularizer)
	if err != nil {
		return err
	}
	l.bias = nil
	if !l.NoBias {
		l.bias, err = ctx.AddWeight("bias", tensor.Shape{l.Units}, orZeros(l.BiasInitializer), l.BiasRegularizer, true)
	}
	return err
}

// Call unrolls the layer over the sequence.
func (l *SimpleRNN) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	cell := &simpleRNNCell{units: l.Units, w: ctx.Var(l.kernel), u: ctx.Var(l.recurrent), act: l.act,
		tanh: l.ActivationFn == nil && (l.Activation == "" || l.Activation == "tanh")}
	if l.bias != nil {
		cell.b = ctx.Var(l.bias)
	}
	return rnnCall(ctx, l.config(), cell, in, &l.states)
}

// withDirection returns an unbuilt copy of the layer's configuration
// going backwards or not, for Bidirectional.
func (l *SimpleRNN) withDirection(backwards, zeroOutput bool) recurrentLayer {
	c := &SimpleRNN{}
	*c = *l
	c.Base, c.kernel, c.recurrent, c.bias, c.states = Base{}, nil, nil, nil, rnnStates{}
	c.GoBackwards, c.zeroOutputForMask = backwards, zeroOutput
	return c
}

// Kernel returns the kernel weight (nil before Build).
func (l *SimpleRNN) Kernel() *Weight { return l.kernel }

// RecurrentKernel returns the recurrent kernel weight (nil before Build).
func (l *SimpleRNN) RecurrentKernel() *Weight { return l.recurrent }

// Bias returns the bias weight (nil before Build or with NoBias).
func (l *SimpleRNN) Bias() *Weight { return l.bias }

// simpleRNNCell is one step of SimpleRNN; its state is [h].
type simpleRNNCell struct {
	units   int
	w, u, b *graph.Node
	act     activations.Func
	tanh    bool // act is Keras's default tanh: the sequence can run as graph.SimpleRNNSequence
}

// step returns [act(x·W + b + hIn·U)].
func (c *simpleRNNCell) step(x, hIn *graph.Node, _ []*graph.Node) []*graph.Node {
	y := graph.MatMul(x, c.w)
	if c.b != nil {
		y = graph.Add(y, c.b)
	}
	if hIn != nil {
		y = graph.Add(y, graph.MatMul(hIn, c.u))
	}
	return []*graph.Node{c.act(y)}
}

func (c *simpleRNNCell) output(s []*graph.Node) *graph.Node     { return s[0] }
func (c *simpleRNNCell) initial(in []*graph.Node) []*graph.Node { return []*graph.Node{in[0]} }
func (c *simpleRNNCell) states(s []*graph.Node) []*graph.Node   { return s }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (l *SimpleRNN) ActivityRegularization() regularizers.Regularizer { return l.ActivityRegularizer }

// ResetStates sets the states of a stateful layer to zeros, Keras's
// reset_state (nothing happens before the first call or without
// Stateful). It waits for the runs that use the states to finish.
func (l *SimpleRNN) ResetStates() { l.states.reset() }

// States returns copies of the states a stateful layer keeps, [h]
// of shape (batch, Units), Keras's states; nil before the first call or
// without Stateful.
func (l *SimpleRNN) States() []*tensor.Tensor { return l.states.values() }
