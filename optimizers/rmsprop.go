package optimizers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// RMSprop is Keras's RMSprop optimizer (keras.optimizers.RMSprop): it
// divides each gradient by the root of a moving average of its square. For
// each weight w with gradient g, one step is
//
//	velocity ← Rho·velocity + (1 − Rho)·g²
//	average ← Rho·average + (1 − Rho)·g                 (Centered)
//	increment = lr·g / sqrt(velocity − average² + Epsilon)   (Centered)
//	increment = lr·g / sqrt(velocity + Epsilon)              (otherwise)
//	momentum ← Momentum·momentum + increment; w ← w − momentum   (Momentum > 0)
//	w ← w − increment                                   (Momentum 0)
//
// computed in w's dtype in one fused pass (graph.ApplyRMSprop), with slots
// (non-trainable variables starting at zero) "<weight name>/velocity",
// "<weight name>/momentum" when Momentum is not 0 and
// "<weight name>/average_gradient" when Centered.
//
// Use a pointer (&RMSprop{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type RMSprop struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// Rho is the decay rate of the moving averages; 0 means Keras's
	// default, 0.9. It must be in [0, 1).
	Rho float64
	// Momentum, when not 0, accumulates the increments as SGD's momentum
	// does; it must be in [0, 1]. Keras's default is 0 (none).
	Momentum float64
	// Epsilon is a small constant for numerical stability; 0 means Keras's
	// default, 1e-7. It must not be negative.
	Epsilon float64
	// Centered normalizes by an estimate of the gradients' variance instead
	// of their second moment; Keras's default is false.
	Centered bool

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
	rho, momentum, epsilon float64 // as of the first Apply
	centered               bool
}

// Keras's RMSprop defaults.
const (
	defaultRMSpropLearningRate = 0.001
	defaultRMSpropRho          = 0.9
	defaultRMSpropEpsilon      = 1e-7
)

// Name returns "RMSprop".
func (o *RMSprop) Name() string { return "RMSprop" }

// Apply adds the RMSprop update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("RMSprop/learning_rate", not trainable), the counter
// ("RMSprop/iterations", int64) and the slots. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *RMSprop) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultRMSpropLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.rho = orDefault(o.Rho, defaultRMSpropRho)
		o.momentum, o.centered = o.Momentum, o.Centered
		o.epsilon = orDefault(o.Epsilon, defaultRMSpropEpsilon)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	rho, momentum, eps, centered := o.rho, o.momentum, o.epsilon, o.centered
	specs := []slot{{name: "velocity"}}
	if momentum != 0 {
		specs = append(specs, slot{name: "momentum"})
	}
	if centered {
		specs = append(specs, slot{name: "average_gradient"})
	}
	return o.build(g, o.Name(), lr, specs, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			var mom, avg *graph.Node
			k := 1
			if momentum != 0 {
				mom = slots[k]
				k++
			}
			if centered {
				avg = slots[k]
			}
			return graph.ApplyRMSprop(p, slots[0], mom, avg, grad, lr, rho, momentum, eps)
		})
}

// validate checks the configuration, with lr the learning rate in use.
func (o *RMSprop) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if err := checkFraction(o.Name(), "Rho", o.Rho); err != nil {
		return err
	}
	if !(o.Momentum >= 0 && o.Momentum <= 1) {
		return fmt.Errorf("optimizers: RMSprop: Momentum must be in [0, 1], got %v", o.Momentum)
	}
	return checkNonNegative(o.Name(), "Epsilon", o.Epsilon)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *RMSprop) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultRMSpropLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *RMSprop) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *RMSprop) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *RMSprop) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
