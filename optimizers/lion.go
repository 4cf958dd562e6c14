package optimizers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// Lion is Keras's Lion optimizer (keras.optimizers.Lion, "Symbolic
// Discovery of Optimization Algorithms"), which steps by the sign of an
// interpolated momentum. For each weight w with gradient g, one step is
//
//	w ← w − lr·sign(Beta1·m + (1 − Beta1)·g)
//	m ← Beta2·m + (1 − Beta2)·g
//
// computed in w's dtype in one fused pass (graph.ApplyLion), with a slot
// "<weight name>/momentum" (not trainable, starting at zero). Every step
// moves each weight by lr or not at all, so Lion wants a smaller learning
// rate than Adam.
//
// Use a pointer (&Lion{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Lion struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// Beta1 weighs the momentum against the gradient in the step's sign;
	// 0 means Keras's default, 0.9. It must be in (0, 1].
	Beta1 float64
	// Beta2 is the decay rate of the momentum; 0 means Keras's default,
	// 0.99. It must be in [0, 1).
	Beta2 float64

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
	beta1, beta2 float64 // as of the first Apply
}

// Keras's Lion defaults.
const (
	defaultLionLearningRate = 0.001
	defaultLionBeta1        = 0.9
	defaultLionBeta2        = 0.99
)

// Name returns "Lion".
func (o *Lion) Name() string { return "Lion" }

// Apply adds the Lion update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Lion/learning_rate", not trainable), the counter
// ("Lion/iterations", int64) and the momentum slots. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *Lion) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultLionLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.beta1 = orDefault(o.Beta1, defaultLionBeta1)
		o.beta2 = orDefault(o.Beta2, defaultLionBeta2)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	b1, b2 := o.beta1, o.beta2
	return o.build(g, o.Name(), lr, []slot{{name: "momentum"}}, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			return graph.ApplyLion(p, slots[0], grad, lr, b1, b2)
		})
}

// validate checks the configuration, with lr the learning rate in use.
func (o *Lion) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if !(o.Beta1 >= 0 && o.Beta1 <= 1) { // 0 is the default
		return fmt.Errorf("optimizers: Lion: Beta1 must be in (0, 1], got %v", o.Beta1)
	}
	return checkFraction(o.Name(), "Beta2", o.Beta2)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Lion) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultLionLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Lion) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Lion) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Lion) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
