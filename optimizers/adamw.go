package optimizers

import "github.com/neurite/neurite/graph"

// AdamW is Keras's AdamW optimizer (keras.optimizers.AdamW): [Adam] with
// decoupled weight decay ("Decoupled Weight Decay Regularization"). Each
// step first shrinks every weight, w ← w − w·WeightDecay·lr, then takes
// Adam's step from the gradient computed before the decay, exactly as
// Adam with its WeightDecay field set; the difference is the default
// (Keras's 0.004) and the names: its variables are "AdamW/learning_rate",
// "AdamW/iterations" and the slots "<weight name>/m", "<weight name>/v"
// (and "<weight name>/vhat" with Amsgrad).
//
// Use a pointer (&AdamW{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type AdamW struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// WeightDecay is the rate of the decoupled weight decay; 0 means
	// Keras's default, 0.004 (Adam is AdamW without decay). It must not be
	// negative.
	WeightDecay float64
	// Beta1 is the decay rate of the first-moment estimate; 0 means Keras's
	// default, 0.9. It must be in [0, 1).
	Beta1 float64
	// Beta2 is the decay rate of the second-moment estimate; 0 means
	// Keras's default, 0.999. It must be in [0, 1).
	Beta2 float64
	// Epsilon is a small constant for numerical stability; 0 means Keras's
	// default, 1e-7. It must not be negative.
	Epsilon float64
	// Amsgrad applies the AMSGrad variant, as Adam's; Keras's default is
	// false.
	Amsgrad bool

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

	adam Adam // the optimizer that does the work, configured on the first Apply
}

// Keras's AdamW default weight decay.
const defaultAdamWWeightDecay = 0.004

// Name returns "AdamW".
func (o *AdamW) Name() string { return "AdamW" }

// Apply adds the decay and the Adam update of every param (from the
// gradient at the same index) and the increment of the iterations counter,
// and returns the node that runs them all. The first call creates the
// optimizer's variables, as [Adam.Apply] does. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *AdamW) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	if o.adam.g == nil {
		o.adam.LearningRate, o.adam.Beta1, o.adam.Beta2 = o.LearningRate, o.Beta1, o.Beta2
		o.adam.Epsilon, o.adam.Amsgrad = o.Epsilon, o.Amsgrad
	}
	opts := options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm,
		weightDecay: orDefault(o.WeightDecay, defaultAdamWWeightDecay), schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
	return o.adam.apply(o.Name(), opts, params, grads)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *AdamW) LearningRateValue() float64 {
	return o.adam.learningRate(o.Schedule, orDefault(o.LearningRate, defaultAdamLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *AdamW) SetLearningRate(lr float64) error {
	if err := o.adam.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate, o.adam.LearningRate = lr, lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *AdamW) Iterations() int { return o.adam.iterationCount() }

// Finalize overwrites every weight with its moving average when UseEMA is
// set, as [Adam.Finalize] does.
func (o *AdamW) Finalize() error { return o.adam.Finalize() }
