package optimizers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
)

// Ftrl is Keras's FTRL-Proximal optimizer (keras.optimizers.Ftrl, "Follow
// The Regularized Leader", as in "Ad Click Prediction: a View from the
// Trenches"), with L1, L2 and L2-shrinkage regularization. For each weight
// w with gradient g, with p = −LearningRatePower and
// l2 = L2RegularizationStrength + Beta/(2·lr), one step is
//
//	g' = g + 2·L2ShrinkageRegularizationStrength·w
//	a' = accumulator + g²
//	linear ← linear + g' − (a'^p − accumulator^p)/lr · w
//	w ← (clip(linear, −L1, L1) − linear) / (a'^p/lr + 2·l2)
//	accumulator ← a'
//
// with L1 = L1RegularizationStrength, computed in w's dtype in one fused
// pass (graph.ApplyFtrl), with slots "<weight name>/accumulator" (starting
// at InitialAccumulatorValue) and "<weight name>/linear" (starting at
// zero), not trainable.
//
// Use a pointer (&Ftrl{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Ftrl struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// LearningRatePower controls how the learning rate falls as the
	// accumulator grows; 0 means Keras's default, −0.5. It must not be
	// positive.
	LearningRatePower float64
	// InitialAccumulatorValue is the accumulators' starting value; 0 means
	// Keras's default, 0.1. It must not be negative.
	InitialAccumulatorValue float64
	// L1RegularizationStrength, L2RegularizationStrength and
	// L2ShrinkageRegularizationStrength weigh the regularization terms;
	// each must not be negative. Keras's defaults are 0 (none).
	L1RegularizationStrength, L2RegularizationStrength, L2ShrinkageRegularizationStrength float64
	// Beta adds Beta/(2·lr) to the L2 strength; it must not be negative.
	// Keras's default is 0.
	Beta float64

	// Schedule, when not nil, gives the learning rate of every step from
	// the iterations counter, inside the graph (Keras's learning_rate=
	// schedule); LearningRate is then ignored and SetLearningRate fails.
	Schedule Schedule
	// ClipNorm, when not 0, scales each weight's gradient so that its L2
	// norm is at most ClipNorm (Keras's clipnorm). The zero value is off.
	ClipNorm float64
	// ClipValue, when not 0, limits every gradient element to [−ClipValue,
	// ClipValue] (Keras's clipvalue). The zero value is off.
	ClipValue float64
	// GlobalClipNorm, when not 0, scales all gradients by one factor so
	// that their joint L2 norm is at most GlobalClipNorm (Keras's
	// global_clipnorm). The zero value is off. At most one of ClipNorm,
	// ClipValue and GlobalClipNorm may be set.
	GlobalClipNorm float64
	// WeightDecay, when not 0, shrinks every weight w to w − w·WeightDecay·lr
	// before each step (Keras's decoupled weight_decay). The zero value is
	// off.
	WeightDecay float64
	// UseEMA keeps an exponential moving average of every weight (Keras's
	// use_ema): after each step, average ← m·average + (1 − m)·w with m =
	// EMAMomentum (0 at the first step, so the average starts at the
	// weight), in a slot "<weight name>/average". The weights take their
	// averages every EMAOverwriteFrequency steps and when Finalize runs
	// (models.Fit calls it after its last epoch). The zero value is off.
	UseEMA bool
	// EMAMomentum is the momentum m of the moving average; 0 means Keras's
	// default, 0.99. It must be in [0, 1]. Used only with UseEMA.
	EMAMomentum float64
	// EMAOverwriteFrequency, when not 0, overwrites the weights with their
	// averages every EMAOverwriteFrequency steps (Keras's
	// ema_overwrite_frequency); 0 is Keras's None: only Finalize does. It
	// must not be negative. Used only with UseEMA.
	EMAOverwriteFrequency int

	state
	lrPower, l1, l2, shrink, beta float64 // as of the first Apply
	init                          float64
}

// Keras's Ftrl defaults.
const (
	defaultFtrlLearningRate      = 0.001
	defaultFtrlLearningRatePower = -0.5
	defaultFtrlInitial           = 0.1
)

// Name returns "Ftrl".
func (o *Ftrl) Name() string { return "Ftrl" }

// Apply adds the Ftrl update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Ftrl/learning_rate", not trainable), the counter
// ("Ftrl/iterations", int64) and the slots. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *Ftrl) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultFtrlLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.lrPower = orDefault(o.LearningRatePower, defaultFtrlLearningRatePower)
		o.init = orDefault(o.InitialAccumulatorValue, defaultFtrlInitial)
		o.l1, o.l2, o.shrink, o.beta = o.L1RegularizationStrength, o.L2RegularizationStrength,
			o.L2ShrinkageRegularizationStrength, o.Beta
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	lrPower, l1, l2, shrink, beta := o.lrPower, o.l1, o.l2, o.shrink, o.beta
	return o.build(g, o.Name(), lr, []slot{{name: "accumulator", init: o.init}, {name: "linear"}}, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			return graph.ApplyFtrl(p, slots[0], slots[1], grad, lr, lrPower, l1, l2, shrink, beta)
		})
}

// validate checks the configuration, with lr the learning rate in use.
func (o *Ftrl) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if !(o.LearningRatePower <= 0) || math.IsInf(o.LearningRatePower, 0) {
		return fmt.Errorf("optimizers: Ftrl: LearningRatePower must be a finite number <= 0, got %v", o.LearningRatePower)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"InitialAccumulatorValue", o.InitialAccumulatorValue},
		{"L1RegularizationStrength", o.L1RegularizationStrength},
		{"L2RegularizationStrength", o.L2RegularizationStrength},
		{"L2ShrinkageRegularizationStrength", o.L2ShrinkageRegularizationStrength},
		{"Beta", o.Beta},
	} {
		if err := checkNonNegative(o.Name(), f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Ftrl) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultFtrlLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Ftrl) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Ftrl) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Ftrl) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
