package optimizers

import "github.com/neurite/neurite/graph"

// Adagrad is Keras's Adagrad optimizer (keras.optimizers.Adagrad), with
// learning rates adapted to each parameter by the sum of its squared
// gradients. For each weight w with gradient g, one step is
//
//	accumulator ← accumulator + g²
//	w ← w − lr·g / sqrt(accumulator + Epsilon)
//
// computed in w's dtype in one fused pass (graph.ApplyAdagrad), with a slot
// "<weight name>/accumulator" (not trainable) that starts at
// InitialAccumulatorValue.
//
// Use a pointer (&Adagrad{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Adagrad struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// InitialAccumulatorValue is the accumulators' starting value; 0 means
	// Keras's default, 0.1. It must not be negative.
	InitialAccumulatorValue float64
	// Epsilon is a small constant for numerical stability; 0 means Keras's
	// default, 1e-7. It must not be negative.
	Epsilon float64

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
	epsilon float64 // as of the first Apply
	init    float64
}

// Keras's Adagrad defaults.
const (
	defaultAdagradLearningRate = 0.001
	defaultAdagradInitial      = 0.1
	defaultAdagradEpsilon      = 1e-7
)

// Name returns "Adagrad".
func (o *Adagrad) Name() string { return "Adagrad" }

// Apply adds the Adagrad update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Adagrad/learning_rate", not trainable), the counter
// ("Adagrad/iterations", int64) and the accumulator slots. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *Adagrad) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultAdagradLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.init = orDefault(o.InitialAccumulatorValue, defaultAdagradInitial)
		o.epsilon = orDefault(o.Epsilon, defaultAdagradEpsilon)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	eps := o.epsilon
	return o.build(g, o.Name(), lr, []slot{{name: "accumulator", init: o.init}}, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			return graph.ApplyAdagrad(p, slots[0], grad, lr, eps)
		})
}

// validate checks the configuration, with lr the learning rate in use.
func (o *Adagrad) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if err := checkNonNegative(o.Name(), "InitialAccumulatorValue", o.InitialAccumulatorValue); err != nil {
		return err
	}
	return checkNonNegative(o.Name(), "Epsilon", o.Epsilon)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Adagrad) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultAdagradLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Adagrad) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Adagrad) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Adagrad) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
