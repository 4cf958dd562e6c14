package optimizers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// Adam is Keras's Adam optimizer (tf.keras.optimizers.Adam), stochastic
// gradient descent with adaptive estimates of the first and second moments
// of the gradients. For each weight w with gradient g, step t (1-based) is
//
//	alpha = lr·sqrt(1 − Beta2^t) / (1 − Beta1^t)
//	m ← m + (g − m)·(1 − Beta1)
//	v ← v + (g² − v)·(1 − Beta2)
//	w ← w − alpha·m / (sqrt(v) + Epsilon)
//
// computed in w's dtype in one fused pass (graph.ApplyAdam), with slots m
// and v per weight (non-trainable variables named "<weight name>/m" and
// "<weight name>/v", starting at zero). With Amsgrad, a further slot
// "<weight name>/vhat" keeps the maximum of v over the steps and replaces v
// in the last line, as in Keras's amsgrad=True. As in Keras, Epsilon is
// added to sqrt(v), not to the bias-corrected sqrt(v̂) of the Adam paper.
//
// Use a pointer (&Adam{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Adam struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// Beta1 is the decay rate of the first-moment estimate; 0 means Keras's
	// default, 0.9. It must be in [0, 1).
	Beta1 float64
	// Beta2 is the decay rate of the second-moment estimate; 0 means
	// Keras's default, 0.999. It must be in [0, 1).
	Beta2 float64
	// Epsilon is a small constant for numerical stability; 0 means Keras's
	// default, 1e-7. It must not be negative.
	Epsilon float64
	// Amsgrad applies the AMSGrad variant ("On the Convergence of Adam and
	// Beyond"); Keras's default is false.
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
	beta1, beta2, epsilon float64 // as of the first Apply
	amsgrad               bool
}

// Keras's Adam defaults.
const (
	defaultAdamLearningRate = 0.001
	defaultAdamBeta1        = 0.9
	defaultAdamBeta2        = 0.999
	defaultAdamEpsilon      = 1e-7
)

// Name returns "Adam".
func (o *Adam) Name() string { return "Adam" }

// Apply adds the Adam update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Adam/learning_rate", not trainable), the counter
// ("Adam/iterations", int64) and the moment slots. A later call (a model
// builds one training step per kind of labels) reuses them and accepts only
// params of the first call; one optimizer serves one model, as in Keras.
func (o *Adam) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	return o.apply(o.Name(), o.options(), params, grads)
}

// apply is Apply for Adam and AdamW: name names the optimizer's variables
// and errors, and opts are its base options.
func (o *Adam) apply(name string, opts options, params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultAdamLearningRate)
	if o.g == nil {
		if err := o.validate(name, lr, opts); err != nil {
			return nil, err
		}
		o.beta1 = orDefault(o.Beta1, defaultAdamBeta1)
		o.beta2 = orDefault(o.Beta2, defaultAdamBeta2)
		o.epsilon = orDefault(o.Epsilon, defaultAdamEpsilon)
		o.amsgrad = o.Amsgrad
	}
	g, err := o.check(name, params, grads)
	if err != nil {
		return nil, err
	}
	b1, b2, eps, amsgrad := o.beta1, o.beta2, o.epsilon, o.amsgrad
	specs := []slot{{name: "m"}, {name: "v"}}
	if amsgrad {
		specs = append(specs, slot{name: "vhat"})
	}
	return o.build(g, name, lr, specs, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, t *graph.Node) *graph.Node {
			if amsgrad {
				return graph.ApplyAMSGrad(p, slots[0], slots[1], slots[2], grad, lr, t, b1, b2, eps)
			}
			return graph.ApplyAdam(p, slots[0], slots[1], grad, lr, t, b1, b2, eps)
		})
}

// validate checks the configuration of the optimizer called name, with lr
// the learning rate in use and opts the base options.
func (o *Adam) validate(name string, lr float64, opts options) error {
	if err := o.configure(name, lr, opts); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Beta1", o.Beta1}, {"Beta2", o.Beta2}} {
		if !(f.v >= 0 && f.v < 1) {
			return fmt.Errorf("optimizers: %s: %s must be in [0, 1), got %v", name, f.name, f.v)
		}
	}
	return checkNonNegative(name, "Epsilon", o.Epsilon)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Adam) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultAdamLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Adam) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Adam) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Adam) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
