package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// LSTM is Keras's long short-term memory layer (Hochreiter 1997). For each
// time step t of a (batch, timesteps, features) sequence, with z =
// x_t·kernel + h·recurrent_kernel + bias split into four blocks of Units
// columns in Keras's gate order i, f, c, o:
//
//	i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o)
//	c = f·c + i·g
//	h = o·tanh(c)
//
// (σ is RecurrentActivation, tanh is Activation). The weights have Keras's
// names and layouts, so they move to and from Keras unchanged: "kernel"
// (features, 4·Units), "recurrent_kernel" (Units, 4·Units) and "bias"
// (4·Units,). The output is the last h, or every step's h with
// ReturnSequences; see rnn.go for the inputs (mask, initial states h and c)
// and the masking rules. With ReturnState the outputs are [output, h, c]
// (use layers.CallMulti).
//
// With the default activations the whole sequence runs as one
// graph.LSTMSequence op (dropout included), also with the mask its
// sequence carries (an Embedding's or a Masking layer's) when it starts
// from zeros; with an explicit Masked input or a masked initial state
// each step runs on the fused cell ops (graph.LSTMCell); other
// activations run on plain graph ops. With Stateful the final h and c of a batch are
// the initial states of the next (see rnn_stateful.go). Keras's unroll,
// constraints and implementation arguments have no counterpart.
type LSTM struct {
	// Units is the size of h and c; it must be positive.
	Units int
	// Activation and RecurrentActivation are Keras activation names;
	// "" means Keras's defaults "tanh" and "sigmoid".
	Activation, RecurrentActivation string
	// ActivationFn and RecurrentActivationFn, if not nil, are used instead
	// of the names.
	ActivationFn, RecurrentActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// KernelInitializer, RecurrentInitializer and BiasInitializer set the
	// starting weights (nil: GlorotUniform, Orthogonal and Zeros).
	KernelInitializer, RecurrentInitializer, BiasInitializer initializers.Initializer
	// NoUnitForgetBias turns off Keras's unit_forget_bias (default on:
	// the forget gate's bias starts at 1, the rest from BiasInitializer).
	NoUnitForgetBias bool
	// KernelRegularizer, RecurrentRegularizer and BiasRegularizer add
	// weight penalties to the training loss (nil: none).
	KernelRegularizer, RecurrentRegularizer, BiasRegularizer regularizers.Regularizer
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// Dropout and RecurrentDropout are the fractions, in [0, 1), of the
	// inputs and of h dropped in training, one mask per run shared by all
	// time steps and gates.
	Dropout, RecurrentDropout float64
	// Seed fixes the dropout masks; 0 draws seeds from the model's random
	// stream.
	Seed uint64
	// ReturnSequences returns h for every step, (batch, timesteps, Units),
	// instead of the last one.
	ReturnSequences bool
	// ReturnState adds the final h and c to the outputs.
	ReturnState bool
	// GoBackwards processes the sequence from its last step to its first
	// (and returns the sequence of outputs in that order).
	GoBackwards bool
	// Stateful keeps the final states of each batch as the initial
	// states of the next, sample i for sample i (Keras's stateful): the
	// model needs a fixed batch size (layers.InputLayer's BatchSize), and
	// ResetStates sets the states back to zeros.
	Stateful bool
	// Masked makes the second input a (batch, timesteps) mask, 1 for the
	// steps to use and 0 for those to skip (see rnn.go).
	Masked bool
	// InputShape declares the per-sample input shape (timesteps, features)
	// when LSTM is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	zeroOutputForMask bool // set by Bidirectional
	states            rnnStates
	act, recAct       activations.Func
	fused             bool
	kernel, recurrent *Weight
	bias              *Weight
}

// Type returns "LSTM".
func (*LSTM) Type() string { return "LSTM" }

// LayerName returns Name.
func (l *LSTM) LayerName() string { return l.Name }

// DeclaredInputShape returns InputShape.
func (l *LSTM) DeclaredInputShape() []int { return l.InputShape }

// config returns the shared recurrent configuration.
func (l *LSTM) config() rnnConfig {
	return rnnConfig{units: l.Units, returnSequences: l.ReturnSequences, returnState: l.ReturnState,
		goBackwards: l.GoBackwards, dropout: l.Dropout, recurrentDropout: l.RecurrentDropout,
		seed: l.Seed, masked: l.Masked, zeroOutputForMask: l.zeroOutputForMask, stateful: l.Stateful, nStates: 2}
}

// Validate checks Units, the dropout rates and the activations.
func (l *LSTM) Validate() error {
	if err := rnnValidate(l, l.config()); err != nil {
		return err
	}
	if _, _, _, err := rnnActivations(l.ActivationFn, l.Activation, l.RecurrentActivationFn, l.RecurrentActivation); err != nil {
		return Errorf(l, "%v", err)
	}
	return nil
}

// OutputShapes returns (Units,) or (timesteps, Units), then (Units,) for h
// and c with ReturnState.
func (l *LSTM) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return rnnOutputShapes(l, l.config(), in)
}

// Build creates "kernel", "recurrent_kernel" and, unless NoBias, "bias".
func (l *LSTM) Build(ctx *Context, in []tensor.Shape) error {
	act, rec, fused, err := rnnActivations(l.ActivationFn, l.Activation, l.RecurrentActivationFn, l.RecurrentActivation)
	if err != nil {
		return Errorf(l, "%v", err)
	}
	l.act, l.recAct, l.fused = act, rec, fused
	l.kernel, l.recurrent, err = rnnKernels(ctx, in[0], 4, l.Units, l.KernelInitializer, l.RecurrentInitializer, l.KernelRegularizer, l.RecurrentRegularizer)
	if err != nil {
		return err
	}
	l.bias = nil
	if !l.NoBias {
		var init initializers.Initializer = orZeros(l.BiasInitializer)
		if !l.NoUnitForgetBias {
			init = lstmBiasInit{base: init, units: l.Units}
		}
		l.bias, err = ctx.AddWeight("bias", tensor.Shape{4 * l.Units}, init, l.BiasRegularizer, true)
	}
	return err
}

// Call unrolls the layer over the sequence.
func (l *LSTM) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	cell := &lstmCell{units: l.Units, w: ctx.Var(l.kernel), u: ctx.Var(l.recurrent),
		act: l.act, recAct: l.recAct, fused: l.fused}
	if l.bias != nil {
		cell.b = ctx.Var(l.bias)
	}
	return rnnCall(ctx, l.config(), cell, in, &l.states)
}

// withDirection returns an unbuilt copy of the layer's configuration
// going backwards or not, for Bidirectional.
func (l *LSTM) withDirection(backwards, zeroOutput bool) recurrentLayer {
	c := &LSTM{}
	*c = *l
	c.Base, c.kernel, c.recurrent, c.bias, c.states = Base{}, nil, nil, nil, rnnStates{}
	c.GoBackwards, c.zeroOutputForMask = backwards, zeroOutput
	return c
}

// Kernel returns the kernel weight (nil before Build).
func (l *LSTM) Kernel() *Weight { return l.kernel }

// RecurrentKernel returns the recurrent kernel weight (nil before Build).
func (l *LSTM) RecurrentKernel() *Weight { return l.recurrent }

// Bias returns the bias weight (nil before Build or with NoBias).
func (l *LSTM) Bias() *Weight { return l.bias }

// lstmBiasInit is Keras's unit_forget_bias initialisation of an LSTM
// bias: base for the i block, ones for the f block, base for the c and o
// blocks.
type lstmBiasInit struct {
	base  initializers.Initializer
	units int
}

// Init implements initializers.Initializer.
func (b lstmBiasInit) Init(rng *tensor.RNG, dtype tensor.DType, _ tensor.Shape) (*tensor.Tensor, error) {
	i, err := b.base.Init(rng, dtype, tensor.Shape{b.units})
	if err != nil {
		return nil, err
	}
	rest, err := b.base.Init(rng, dtype, tensor.Shape{2 * b.units})
	if err != nil {
		return nil, err
	}
	return tensor.Concat(0, i, tensor.Ones(dtype, b.units), rest), nil
}

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (l *LSTM) ActivityRegularization() regularizers.Regularizer { return l.ActivityRegularizer }

// ResetStates sets the states of a stateful layer to zeros, Keras's
// reset_state (nothing happens before the first call or without
// Stateful). It waits for the runs that use the states to finish.
func (l *LSTM) ResetStates() { l.states.reset() }

// States returns copies of the states a stateful layer keeps, [h, c]
// of shape (batch, Units), Keras's states; nil before the first call or
// without Stateful.
func (l *LSTM) States() []*tensor.Tensor { return l.states.values() }
