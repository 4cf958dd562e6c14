package optimizers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Nadam is Keras's Nadam optimizer (keras.optimizers.Nadam): Adam with
// Nesterov momentum, following Keras 3's momentum schedule
// μ(k) = Beta1·(1 − 0.5·0.96^k). For each weight w with gradient g, step t
// (1-based) is
//
//	uProduct ← uProduct·μ(t)           (once per step: μ(1)·…·μ(t))
//	m ← m + (g − m)·(1 − Beta1)
//	v ← v + (g² − v)·(1 − Beta2)
//	m̂ = μ(t+1)·m / (1 − uProduct·μ(t+1)) + (1 − μ(t))·g / (1 − uProduct)
//	v̂ = v / (1 − Beta2^t)
//	w ← w − m̂·lr / (sqrt(v̂) + Epsilon)
//
// computed in w's dtype in one fused pass (graph.ApplyNadam), with slots
// "<weight name>/momentum" (m) and "<weight name>/velocity" (v), not
// trainable, starting at zero. uProduct is the float64 variable
// "Nadam/u_product", starting at 1 (Keras keeps it in the first weight's
// dtype).
//
// Use a pointer (&Nadam{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type Nadam struct {
	// LearningRate is the step size; 0 means Keras's default, 0.001. It
	// must not be negative.
	LearningRate float64
	// Beta1 is the decay rate of the first-moment estimate and the scale of
	// the momentum schedule; 0 means Keras's default, 0.9. It must be in
	// [0, 1).
	Beta1 float64
	// Beta2 is the decay rate of the second-moment estimate; 0 means
	// Keras's default, 0.999. It must be in [0, 1).
	Beta2 float64
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
	beta1, beta2, epsilon float64 // as of the first Apply
	uProduct              *graph.Node
}

// Keras's Nadam defaults, and the base of its momentum schedule.
const (
	defaultNadamLearningRate = 0.001
	defaultNadamBeta1        = 0.9
	defaultNadamBeta2        = 0.999
	defaultNadamEpsilon      = 1e-7
	nadamScheduleDecay       = 0.96
)

// Name returns "Nadam".
func (o *Nadam) Name() string { return "Nadam" }

// Apply adds the Nadam update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("Nadam/learning_rate", not trainable), the counter
// ("Nadam/iterations", int64) and the slots and the momentum product. A later call reuses them and
// accepts only params of the first call; one optimizer serves one model,
// as in Keras.
func (o *Nadam) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultNadamLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.beta1 = orDefault(o.Beta1, defaultNadamBeta1)
		o.beta2 = orDefault(o.Beta2, defaultNadamBeta2)
		o.epsilon = orDefault(o.Epsilon, defaultNadamEpsilon)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	b1, b2, eps := o.beta1, o.beta2, o.epsilon
	fresh := o.g == nil
	var uNew *graph.Node // uProduct·μ(t), read by every update
	uOf := map[tensor.DType]*graph.Node{}
	return o.build(g, o.Name(), lr, []slot{{name: "momentum"}, {name: "velocity"}}, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, t *graph.Node) *graph.Node {
			var advance *graph.Node
			if uNew == nil {
				if fresh {
					o.uProduct = g.Variable("u_product", tensor.Scalar[float64](1))
					o.uProduct.SetTrainable(false)
					o.keep(o.uProduct)
				}
				u := o.bind(g, o.uProduct)
				uNew = graph.Mul(u, nadamMomentum(g, b1, graph.Cast(t, tensor.Float64)))
				advance = graph.Assign(u, uNew)
			}
			dt := p.DType()
			if uOf[dt] == nil {
				uOf[dt] = graph.Cast(uNew, dt)
			}
			update := graph.ApplyNadam(p, slots[0], slots[1], grad, lr, t, uOf[dt], b1, b2, eps)
			if advance != nil {
				return graph.Group(update, advance)
			}
			return update
		})
}

// nadamMomentum returns μ(t) = beta1·(1 − 0.5·0.96^t) for a float64 scalar
// t.
func nadamMomentum(g *graph.Graph, beta1 float64, t *graph.Node) *graph.Node {
	decayed := graph.Mul(g.Scalar(0.5), graph.Pow(g.Scalar(nadamScheduleDecay), t))
	return graph.Mul(g.Scalar(beta1), graph.Sub(g.Scalar(1), decayed))
}

// validate checks the configuration, with lr the learning rate in use.
func (o *Nadam) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if err := checkFraction(o.Name(), "Beta1", o.Beta1); err != nil {
		return err
	}
	if err := checkFraction(o.Name(), "Beta2", o.Beta2); err != nil {
		return err
	}
	return checkNonNegative(o.Name(), "Epsilon", o.Epsilon)
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *Nadam) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultNadamLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *Nadam) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *Nadam) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Nadam) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
