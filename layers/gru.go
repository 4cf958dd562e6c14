package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// GRU is Keras's gated recurrent unit layer (Cho 2014). For each time
// step, with x = x_t·kernel + input_bias split into blocks of Units
// columns in Keras's gate order z, r, h, and U = recurrent_kernel:
//
//	reset after (Keras's default, reset_after=True):
//	  rec = h·U + recurrent_bias
//	  z = σ(x_z + rec_z), r = σ(x_r + rec_r)
//	  hh = tanh(x_h + r·rec_h)
//	reset before (ResetBefore, Keras's reset_after=False):
//	  z = σ(x_z + h·U_z), r = σ(x_r + h·U_r)
//	  hh = tanh(x_h + (r·h)·U_h)
//	h = z·h + (1 − z)·hh
//
// (σ is RecurrentActivation, tanh is Activation). The weights have Keras's
// names and layouts: "kernel" (features, 3·Units), "recurrent_kernel"
// (Units, 3·Units) and "bias", of shape (2, 3·Units) — row 0 the input
// bias, row 1 the recurrent bias — when the reset gate comes after, or
// (3·Units,) with ResetBefore. The output is the last h, or every step's h
// with ReturnSequences; see rnn.go for the inputs (mask, initial state h)
// and the masking rules. With ReturnState the outputs are [output, h].
//
// With the default activations the whole sequence runs as one
// graph.GRUSequence op (either reset mode, dropout included), also with
// the mask its sequence carries (an Embedding's or a Masking layer's)
// when it starts from zeros; with an explicit Masked input or a masked
// initial state each step runs on the fused cell ops (graph.GRUCell,
// graph.GRUResetHidden and graph.GRUCellResetBefore); other activations
// run on plain graph ops. With Stateful the final h of a batch is the
// initial h of the next (see rnn_stateful.go). Keras's unroll,
// constraints and implementation arguments have no counterpart.
type GRU struct {
	// Units is the size of h; it must be positive.
	Units int
	// Activation and RecurrentActivation are Keras activation names;
	// "" means Keras's defaults "tanh" and "sigmoid".
	Activation, RecurrentActivation string
	// ActivationFn and RecurrentActivationFn, if not nil, are used instead
	// of the names.
	ActivationFn, RecurrentActivationFn activations.Func
	// NoBias leaves out the bias (Keras's use_bias=False).
	NoBias bool
	// ResetBefore applies the reset gate to h before its projection:
	// Keras's reset_after=False. The zero value is Keras's default
	// reset_after=True.
	ResetBefore bool
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
	// time steps and gates.
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
	// when GRU is the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	zeroOutputForMask bool
	states            rnnStates
	act, recAct       activations.Func
	fused             bool
	kernel, recurrent *Weight
	bias              *Weight
}

// Type returns "GRU".
func (*GRU) Type() string { return "GRU" }

// LayerName returns Name.
func (l *GRU) LayerName() string { return l.Name }

// DeclaredInputShape returns InputShape.
func (l *GRU) DeclaredInputShape() []int { return l.InputShape }

// config returns the shared recurrent configuration.
func (l *GRU) config() rnnConfig {
	return rnnConfig{units: l.Units, returnSequences: l.ReturnSequences, returnState: l.ReturnState,
		goBackwards: l.GoBackwards, dropout: l.Dropout, recurrentDropout: l.RecurrentDropout,
		seed: l.Seed, masked: l.Masked, zeroOutputForMask: l.zeroOutputForMask, stateful: l.Stateful, nStates: 1}
}

// Validate checks Units, the dropout rates and the activations.
func (l *GRU) Validate() error {
	if err := rnnValidate(l, l.config()); err != nil {
		return err
	}
	if _, _, _, err := rnnActivations(l.ActivationFn, l.Activation, l.RecurrentActivationFn, l.RecurrentActivation); err != nil {
		return Errorf(l, "%v", err)
	}
	return nil
}

// OutputShapes returns (Units,) or (timesteps, Units), then (Units,) for h
// with ReturnState.
func (l *GRU) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return rnnOutputShapes(l, l.config(), in)
}

// Build creates "kernel", "recurrent_kernel" and, unless NoBias, "bias".
func (l *GRU) Build(ctx *Context, in []tensor.Shape) error {
	act, rec, fused, err := rnnActivations(l.ActivationFn, l.Activation, l.RecurrentActivationFn, l.RecurrentActivation)
	if err != nil {
		return Errorf(l, "%v", err)
	}
	l.act, l.recAct, l.fused = act, rec, fused
	l.kernel, l.recurrent, err = rnnKernels(ctx, in[0], 3, l.Units, l.KernelInitializer, l.RecurrentInitializer, l.KernelRegularizer, l.RecurrentRegularizer)
	if err != nil {
		return err
	}
	l.bias = nil
	if !l.NoBias {
		shape := tensor.Shape{2, 3 * l.Units}
		if l.ResetBefore {
			shape = tensor.Shape{3 * l.Units}
		}
		l.bias, err = ctx.AddWeight("bias", shape, orZeros(l.BiasInitializer), l.BiasRegularizer, true)
	}
	return err
}

// Call unrolls the layer over the sequence.
func (l *GRU) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	u := l.Units
	cell := &gruCell{units: u, w: ctx.Var(l.kernel), u: ctx.Var(l.recurrent),
		resetBefore: l.ResetBefore, act: l.act, recAct: l.recAct, fused: l.fused}
	if l.ResetBefore {
		cell.uZR, cell.uH = graph.Slice(cell.u, 1, 0, 2*u), graph.Slice(cell.u, 1, 2*u, 3*u)
	}
	if l.bias != nil {
		b := ctx.Var(l.bias)
		cell.b = b
		if l.ResetBefore {
			cell.bIn = b
		} else {
			cell.bIn = graph.Reshape(graph.Slice(b, 0, 0, 1), 3*u)
			cell.bRec = graph.Reshape(graph.Slice(b, 0, 1, 2), 3*u)
		}
	}
	return rnnCall(ctx, l.config(), cell, in, &l.states)
}

// withDirection returns an unbuilt copy of the layer's configuration
// going backwards or not, for Bidirectional.
func (l *GRU) withDirection(backwards, zeroOutput bool) recurrentLayer {
	c := &GRU{}
	*c = *l
	c.Base, c.kernel, c.recurrent, c.bias, c.states = Base{}, nil, nil, nil, rnnStates{}
	c.GoBackwards, c.zeroOutputForMask = backwards, zeroOutput
	return c
}

// Kernel returns the kernel weight (nil before Build).
func (l *GRU) Kernel() *Weight { return l.kernel }

// RecurrentKernel returns the recurrent kernel weight (nil before Build).
func (l *GRU) RecurrentKernel() *Weight { return l.recurrent }

// Bias returns the bias weight (nil before Build or with NoBias).
func (l *GRU) Bias() *Weight { return l.bias }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (l *GRU) ActivityRegularization() regularizers.Regularizer { return l.ActivityRegularizer }

// ResetStates sets the states of a stateful layer to zeros, Keras's
// reset_state (nothing happens before the first call or without
// Stateful). It waits for the runs that use the states to finish.
func (l *GRU) ResetStates() { l.states.reset() }

// States returns copies of the states a stateful layer keeps, [h]
// of shape (batch, Units), Keras's states; nil before the first call or
// without Stateful.
func (l *GRU) States() []*tensor.Tensor { return l.states.values() }
