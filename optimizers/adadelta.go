package optimizers

import "github.com/neurite/neurite/graph"

// Adadelta is Keras's Adadelta optimizer (keras.optimizers.Adadelta),
// which scales each step by moving averages of the squared gradients and of
// the squared updates. For each weight w with gradient g, one step is
//
//	accGrad ← Rho·accGrad + (1 − Rho)·g²
//	delta = −sqrt(accDelta + Epsilon)·g / sqrt(accGrad + Epsilon)
//	accDelta ← Rho·accDelta + (1 − Rho)·delta²
//	w ← w + lr·delta
//
// computed in w's dtype in one fused pass (graph.ApplyAdadelta), with
// slots "<weight name>/accumulated_grad" and
// "<weight name>/accumulated_delta_var", not trainable, starting at zero.
// (Keras's default learning rate is 0.001; the Adadelta paper's is 1.)
//
// Use a pointer (&Adadelta{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Adadelta struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// Rho is the decay rate of the moving averages; 0 means Keras's
	// default, 0.95. It must be in [0, 1).
	Rho float64
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
	rho, epsilon float64 // as of the first Apply
}

// Keras's Adadelta defaults.
const (
	defaultAdadeltaLearningRate = 0.001
	defaultAdadeltaRho          = 0.95
	defaultAdadeltaEpsilon      = 1e-7
)

// Name returns "Adadelta".
func (o *Adadelta) Name() string { return "Adadelta" }

// Apply adds the Adadelta update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Adadelta/learning_rate", not trainable), the counter
// ("Adadelta/iterations", int64) and the slots. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *Adadelta) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultAdadeltaLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.rho = orDefault(o.Rho, defaultAdadeltaRho)
		o.epsilon = orDefault(o.Epsilon, defaultAdadeltaEpsilon)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	rho, eps := o.rho, o.epsilon
	return o.build(g, o.Name(), lr, []slot{{name: "accumulated_grad"}, {name: "accumulated_delta_var"}}, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			return graph.ApplyAdadelta(p, slots[0], slots[1], grad, lr, rho, eps)
		})
}

// validate checks the configuration, with lr the learning rate in use.
func (o *Adadelta) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if err := checkFraction(o.Name(), "Rho", o.Rho); err != nil {
		return err
	}
	return checkNonNegative(o.Name(), "Epsilon", o.Epsilon)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Adadelta) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultAdadeltaLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Adadelta) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Adadelta) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Adadelta) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
