package optimizers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// SGD is Keras's stochastic gradient descent optimizer
// (tf.keras.optimizers.SGD), with optional momentum and Nesterov momentum.
// For each weight w with gradient g, one step is
//
//	w ← w − lr·g                                  (Momentum 0)
//	velocity ← Momentum·velocity − lr·g           (Momentum > 0)
//	w ← w + velocity                              (Nesterov false)
//	w ← w + Momentum·velocity − lr·g              (Nesterov true)
//
// with a velocity slot per weight (a non-trainable variable named
// "<weight name>/velocity", starting at zero) created only when Momentum is
// not 0; as in Keras, Nesterov has no effect without momentum.
//
// Use a pointer (&SGD{…}): the optimizer keeps its state once applied.
// Changing the fields after Apply has no effect; use SetLearningRate.
type SGD struct {
	// LearningRate is the step size; 0 means Keras's default, 0.01. It must
	// not be negative.
	LearningRate float64
	// Momentum accelerates descent along consistent directions and damps
	// oscillations; it must be in [0, 1]. Keras's default is 0 (none).
	Momentum float64
	// Nesterov applies Nesterov momentum (Keras's default is false).
	Nesterov bool

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
	momentum float64 // Momentum and Nesterov as of the first Apply
	nesterov bool
}

// Keras's SGD default.
const defaultSGDLearningRate = 0.01

// Name returns "SGD".
func (o *SGD) Name() string { return "SGD" }

// Apply adds the SGD update of every param (from the gradient at the same
// index) and the increment of the iterations counter, and returns the node
// that runs them all. The first call creates the optimizer's variables: the
// learning rate ("SGD/learning_rate", not trainable), the counter
// ("SGD/iterations", int64) and the velocity slots. A later call (a model
// builds one training step per kind of labels) reuses them and accepts only
// params of the first call; one optimizer serves one model, as in Keras.
func (o *SGD) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultSGDLearningRate)
	if o.g == nil {
		if err := o.configure(o.Name(), lr, o.options()); err != nil {
			return nil, err
		}
		if !(o.Momentum >= 0 && o.Momentum <= 1) {
			return nil, fmt.Errorf("optimizers: SGD: Momentum must be in [0, 1], got %v", o.Momentum)
		}
		o.momentum, o.nesterov = o.Momentum, o.Nesterov
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	momentum, nesterov := o.momentum, o.nesterov
	var specs []slot
	if momentum != 0 {
		specs = []slot{{name: "velocity"}}
	}
	muConst := map[tensor.DType]*graph.Node{}
	return o.build(g, o.Name(), lr, specs, params, grads,
		func(p, grad *graph.Node, slots []*graph.Node, lr, _ *graph.Node) *graph.Node {
			if len(slots) == 0 {
				return graph.ApplySGD(p, grad, lr)
			}
			mu := muConst[p.DType()]
			if mu == nil {
				mu = g.Const(scalarOf(p.DType(), momentum))
				muConst[p.DType()] = mu
			}
			return graph.ApplyMomentum(p, slots[0], grad, lr, mu, nesterov)
		})
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied (not while a Run is in progress), else the
// configured LearningRate or its default.
func (o *SGD) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultSGDLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0 (0 stops
// training; it does not mean the default here). It must not be called
// while a Run is in progress.
func (o *SGD) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations): how many times a Run fetched an update node of
// this optimizer. It must not be called while a Run is in progress.
func (o *SGD) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *SGD) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
