package optimizers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Adafactor is Keras's Adafactor optimizer (Shazeer & Stern, 2018), which
// keeps factored second moments: for a weight of rank ≥ 2, a row statistic
// r (the weight's shape without its last axis) and a column statistic c
// (without its second-to-last axis) instead of a full second moment. For
// each weight w with gradient g, step t (1-based) is, as in Keras 3,
//
//	ρ = min(lr, 1/√t)
//	α = max(Epsilon2, rms(w))·ρ
//	β = 1 − t^Beta2Decay
//	G = g² + Epsilon1
//	rank ≥ 2:  r ← β·r + (1 − β)·mean(G, last axis)
//	           c ← β·c + (1 − β)·mean(G, second-to-last axis)
//	           v = (r / mean(r, last axis)) ⊗ c   (outer product per matrix)
//	rank < 2:  v ← β·v + (1 − β)·G
//	u = g / √v,  û = u / max(1, rms(u)/ClipThreshold)
//	w ← w − α·û
//
// where rms(x) = √mean(x²) over the whole weight. Its state is "<weight
// name>/r" and "<weight name>/c" (rank ≥ 2) or "<weight name>/v" (rank < 2),
// starting at zero. With WeightDecay, rms(w) is taken after the decay, as
// Keras's decay runs before the update.
//
// Keras's relative_step (default True) only takes min(lr, 1/√t) of the
// learning rate, and ρ takes that minimum again, so it changes nothing in
// Keras 3's rule; there is no field for it. Keras also stores the full v
// of a factored weight, which no later step reads; Neurite does not.
//
// Use a pointer (&Adafactor{…}): the optimizer keeps its state once
// applied. Changing the fields after Apply has no effect; use
// SetLearningRate.
type Adafactor struct {
	// LearningRate is the step size's upper bound; 0 means Keras's
	// default, 0.001. It must not be negative.
	LearningRate float64
	// Beta2Decay is the exponent of the second-moment decay; 0 means
	// Keras's default, -0.8.
	Beta2Decay float64
	// Epsilon1 is added to the squared gradients; 0 means Keras's default,
	// 1e-30. It must not be negative.
	Epsilon1 float64
	// Epsilon2 is the least weight scale α uses; 0 means Keras's default,
	// 1e-3. It must not be negative.
	Epsilon2 float64
	// ClipThreshold bounds the rms of the normalized update; 0 means
	// Keras's default, 1. It must be > 0.
	ClipThreshold float64

	// Schedule, when not nil, gives the learning rate of every step from
	// the iterations counter (Keras's learning_rate=schedule); LearningRate
	// is then ignored and SetLearningRate fails.
	Schedule Schedule
	// ClipNorm, when not 0, scales each weight's gradient to an L2 norm of
	// at most ClipNorm (Keras's clipnorm). The zero value is off.
	ClipNorm float64
	// ClipValue, when not 0, limits every gradient element to [−ClipValue,
	// ClipValue] (Keras's clipvalue). The zero value is off.
	ClipValue float64
	// GlobalClipNorm, when not 0, scales all gradients by one factor to a
	// joint L2 norm of at most GlobalClipNorm (Keras's global_clipnorm).
	// The zero value is off. At most one of the three clippings may be set.
	GlobalClipNorm float64
	// WeightDecay, when not 0, shrinks every weight w to w − w·WeightDecay·lr
	// before each step (Keras's weight_decay). The zero value is off.
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
	beta2Decay, eps1, eps2, clip float64                       // as of the first Apply
	moments                      map[*graph.Node][]*graph.Node // per weight: r and c, or v
}

// Keras's Adafactor defaults.
const (
	defaultAdafactorLearningRate  = 0.001
	defaultAdafactorBeta2Decay    = -0.8
	defaultAdafactorEpsilon1      = 1e-30
	defaultAdafactorEpsilon2      = 1e-3
	defaultAdafactorClipThreshold = 1.0
)

// Name returns "Adafactor".
func (o *Adafactor) Name() string { return "Adafactor" }

// Apply adds the Adafactor update of every param (from the gradient at the
// same index) to the graph and returns one node that runs them all.
func (o *Adafactor) Apply(params, grads []*graph.Node) (*graph.Node, error) {
	lr := orDefault(o.LearningRate, defaultAdafactorLearningRate)
	if o.g == nil {
		if err := o.validate(lr); err != nil {
			return nil, err
		}
		o.beta2Decay = orDefault(o.Beta2Decay, defaultAdafactorBeta2Decay)
		o.eps1 = orDefault(o.Epsilon1, defaultAdafactorEpsilon1)
		o.eps2 = orDefault(o.Epsilon2, defaultAdafactorEpsilon2)
		o.clip = orDefault(o.ClipThreshold, defaultAdafactorClipThreshold)
	}
	g, err := o.check(o.Name(), params, grads)
	if err != nil {
		return nil, err
	}
	if o.g == nil {
		o.moments = map[*graph.Node][]*graph.Node{}
		for _, p := range params {
			o.moments[p] = adafactorMoments(g, p)
			o.keep(o.moments[p]...)
		}
	}
	return o.build(g, o.Name(), lr, nil, params, grads,
		func(p, grad *graph.Node, _ []*graph.Node, lr, t *graph.Node) *graph.Node {
			return o.update(p, grad, lr, t)
		})
}

// adafactorMoments creates the second-moment variables of p: r and c for
// rank ≥ 2, v otherwise, all zero and not trainable.
func adafactorMoments(g *graph.Graph, p *graph.Node) []*graph.Node {
	s := p.Value().Shape()
	zeros := func(name string, shape ...int) *graph.Node {
		v := g.Variable(p.Name()+"/"+name, tensor.New(p.DType(), shape...))
		v.SetTrainable(false)
		return v
	}
	k := len(s)
	if k < 2 {
		return []*graph.Node{zeros("v", s...)}
	}
	rShape := append([]int(nil), s[:k-1]...)
	cShape := append(append([]int(nil), s[:k-2]...), s[k-1])
	return []*graph.Node{zeros("r", rShape...), zeros("c", cShape...)}
}

// update builds the step of one weight.
func (o *Adafactor) update(p, grad, lr, t *graph.Node) *graph.Node {
	g := p.Graph()
	one := g.Scalar(1)
	rho := graph.Minimum(lr, graph.Div(one, graph.Sqrt(t)))
	w := p
	if wd := o.opts.weightDecay; wd != 0 { // rms of the weight after the decay that runs first
		w = graph.Sub(p, graph.Mul(graph.Mul(p, g.Scalar(wd)), lr))
	}
	alpha := graph.Mul(graph.Maximum(g.Scalar(o.eps2), rms(w)), rho)
	sq := graph.Add(graph.Square(grad), g.Scalar(o.eps1))
	beta := graph.Sub(one, graph.Pow(t, g.Scalar(o.beta2Decay)))
	mix := func(old, fresh *graph.Node) *graph.Node {
		return graph.Add(graph.Mul(beta, old), graph.Mul(graph.Sub(one, beta), fresh))
	}
	q, _ := o.origin(p)
	m := make([]*graph.Node, len(o.moments[q]))
	for i, v := range o.moments[q] {
		m[i] = o.bind(g, v)
	}
	var v *graph.Node
	var assigns []*graph.Node
	if k := len(p.Shape()); k >= 2 {
		r := mix(m[0], graph.Mean(sq, []int{k - 1}, false))
		c := mix(m[1], graph.Mean(sq, []int{k - 2}, false))
		rowScale := graph.Div(r, graph.Mean(r, []int{k - 2}, true))
		v = graph.Mul(graph.ExpandDims(rowScale, k-1), graph.ExpandDims(c, k-2))
		assigns = append(assigns, graph.Assign(m[0], r), graph.Assign(m[1], c))
	} else {
		v = mix(m[0], sq)
		assigns = append(assigns, graph.Assign(m[0], v))
	}
	u := graph.Div(grad, graph.Sqrt(v))
	uHat := graph.Div(u, graph.Maximum(one, graph.Div(rms(u), g.Scalar(o.clip))))
	assigns = append(assigns, graph.AssignAdd(p, graph.Neg(graph.Mul(alpha, uHat))))
	return graph.Group(assigns...)
}

// rms returns √mean(x²) over all of x.
func rms(x *graph.Node) *graph.Node {
	return graph.Sqrt(graph.Mean(graph.Square(x), nil, false))
}

// validate checks the configuration before the first Apply.
func (o *Adafactor) validate(lr float64) error {
	if err := o.configure(o.Name(), lr, o.options()); err != nil {
		return err
	}
	if math.IsNaN(o.Beta2Decay) || math.IsInf(o.Beta2Decay, 0) {
		return fmt.Errorf("optimizers: %s: Beta2Decay must be finite, got %v", o.Name(), o.Beta2Decay)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Epsilon1", o.Epsilon1}, {"Epsilon2", o.Epsilon2}, {"ClipThreshold", o.ClipThreshold}} {
		if err := checkNonNegative(o.Name(), f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// LearningRateValue returns the learning rate in use: the learning rate
// variable's value once applied, else the configured LearningRate or its
// default (with a Schedule, its rate at the current step).
func (o *Adafactor) LearningRateValue() float64 {
	return o.learningRate(o.Schedule, orDefault(o.LearningRate, defaultAdafactorLearningRate))
}

// SetLearningRate sets the learning rate used by later steps, as assigning
// Keras's optimizer.learning_rate. lr must be finite and >= 0.
func (o *Adafactor) SetLearningRate(lr float64) error {
	if err := o.setLearningRate(o.Name(), o.Schedule, lr); err != nil {
		return err
	}
	o.LearningRate = lr
	return nil
}

// Iterations returns the number of steps taken (Keras's
// optimizer.iterations).
func (o *Adafactor) Iterations() int { return o.iterationCount() }

// options returns the base options of Keras's optimizers.
func (o *Adafactor) options() options {
	return options{clipNorm: o.ClipNorm, clipValue: o.ClipValue, globalClipNorm: o.GlobalClipNorm, weightDecay: o.WeightDecay, schedule: o.Schedule,
		useEMA: o.UseEMA, emaMomentum: o.EMAMomentum, emaOverwriteFrequency: o.EMAOverwriteFrequency}
}
