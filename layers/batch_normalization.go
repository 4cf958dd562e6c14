package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// BatchNormalization is Keras's BatchNormalization: it normalizes each
// feature (along Axis) to gamma·(x − mean)/sqrt(variance + Epsilon) +
// beta. In training (Fit) the mean and variance are those of the batch,
// taken over every other axis, and each step updates the moving statistics
// after the gradients, as Keras 3 does:
//
//	moving_mean     ← Momentum·moving_mean     + (1 − Momentum)·batch mean
//	moving_variance ← Momentum·moving_variance + (1 − Momentum)·batch variance
//
// with the biased batch variance (divided by the count). In inference
// (Evaluate, Predict) the moving statistics are used and nothing changes.
//
// Weights, in Keras's order: "gamma" and "beta" (trainable; left out with
// NoScale and NoCenter), "moving_mean" and "moving_variance"
// (non-trainable), each of the feature axis's size.
//
// The zero value of each field is Keras's default: axis −1, momentum 0.99,
// epsilon 1e-3, center and scale on, gamma and moving variance Ones, beta
// and moving mean Zeros. Because 0 stands for the default, a momentum or
// epsilon of exactly 0 cannot be asked for; use a tiny positive value.
type BatchNormalization struct {
	// Axis is the feature axis, counted as Keras counts it (batch axis
	// included; negative from the end); 0 means −1, the channels of
	// channels-last data.
	Axis int
	// Momentum of the moving averages, in (0, 1); 0 means 0.99.
	Momentum float64
	// Epsilon is added to the variance; 0 means 1e-3. It must be positive.
	Epsilon float64
	// NoCenter leaves out beta (Keras's center=False).
	NoCenter bool
	// NoScale leaves out gamma (Keras's scale=False).
	NoScale bool
	// BetaInitializer, GammaInitializer, MovingMeanInitializer and
	// MovingVarianceInitializer set the starting values (nil: Zeros,
	// Ones, Zeros, Ones).
	BetaInitializer, GammaInitializer, MovingMeanInitializer, MovingVarianceInitializer initializers.Initializer
	// BetaRegularizer and GammaRegularizer add penalties to the training
	// loss (nil: none).
	BetaRegularizer, GammaRegularizer regularizers.Regularizer
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	gamma, beta, movingMean, movingVar *Weight
}

// Type returns "BatchNormalization".
func (*BatchNormalization) Type() string { return "BatchNormalization" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking. Unlike Keras, the batch statistics of
// training still count the masked entries.
func (*BatchNormalization) SupportsMasking() bool { return true }

// LayerName returns Name.
func (b *BatchNormalization) LayerName() string { return b.Name }

// DeclaredInputShape returns InputShape.
func (b *BatchNormalization) DeclaredInputShape() []int { return b.InputShape }

// momentum and epsilon return the fields with their defaults.
func (b *BatchNormalization) momentum() float64 { return orDefault(b.Momentum, 0.99) }
func (b *BatchNormalization) epsilon() float64  { return orDefault(b.Epsilon, 1e-3) }

// Validate checks Momentum in (0, 1) and Epsilon positive.
func (b *BatchNormalization) Validate() error {
	if m := b.momentum(); !(m > 0 && m < 1) {
		return Errorf(b, "momentum must be in (0, 1), got %g", b.Momentum)
	}
	if !(b.epsilon() > 0) {
		return Errorf(b, "epsilon must be positive, got %g", b.Epsilon)
	}
	return nil
}

// OutputShapes returns the input's shape; the feature axis must exist and
// have a known size.
func (b *BatchNormalization) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(b, in)
	if err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if _, _, err := featureSize(b.Axis, s); err != nil {
		return nil, Errorf(b, "%v", err)
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build creates gamma, beta, moving_mean and moving_variance.
func (b *BatchNormalization) Build(ctx *Context, in []tensor.Shape) error {
	_, n, err := featureSize(b.Axis, in[0])
	if err != nil {
		return Errorf(b, "%v", err)
	}
	shape := tensor.Shape{n}
	var gamma, beta *Weight
	if !b.NoScale {
		if gamma, err = ctx.AddWeight("gamma", shape, orInit(b.GammaInitializer, initializers.Ones{}), b.GammaRegularizer, true); err != nil {
			return err
		}
	}
	if !b.NoCenter {
		if beta, err = ctx.AddWeight("beta", shape, orInit(b.BetaInitializer, initializers.Zeros{}), b.BetaRegularizer, true); err != nil {
			return err
		}
	}
	mean, err := ctx.AddWeight("moving_mean", shape, orInit(b.MovingMeanInitializer, initializers.Zeros{}), nil, false)
	if err != nil {
		return err
	}
	variance, err := ctx.AddWeight("moving_variance", shape, orInit(b.MovingVarianceInitializer, initializers.Ones{}), nil, false)
	if err != nil {
		return err
	}
	b.gamma, b.beta, b.movingMean, b.movingVar = gamma, beta, mean, variance
	return nil
}

// Call normalizes with the batch statistics and registers the moving
// updates in training, and normalizes with the moving statistics in
// inference. A feature axis other than the last is moved last and back.
func (b *BatchNormalization) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(b, in)
	if err != nil {
		return nil, err
	}
	a, n, err := featureSize(b.Axis, b.InputShapes()[0])
	if err != nil {
		return nil, ctx.Errorf("%v", err)
	}
	xt, back := toLast(x, a)
	gamma, beta := scaleShift(ctx, b.gamma, b.beta, n)
	mm, mv := ctx.Var(b.movingMean), ctx.Var(b.movingVar)
	if !ctx.Training {
		return []*graph.Node{back(graph.BatchNorm(xt, mm, mv, gamma, beta, b.epsilon()))}, nil
	}
	y, mean, variance := graph.BatchNormTraining(xt, gamma, beta, b.epsilon())
	if err := ctx.AddUpdate(b.movingMean, movingAverage(mm, mean, b.momentum())); err != nil {
		return nil, err
	}
	if err := ctx.AddUpdate(b.movingVar, movingAverage(mv, variance, b.momentum())); err != nil {
		return nil, err
	}
	return []*graph.Node{back(y)}, nil
}

// movingAverage returns momentum·moving + (1 − momentum)·batch, the batch
// statistic cut from the gradient.
func movingAverage(moving, batch *graph.Node, momentum float64) *graph.Node {
	g := moving.Graph()
	return graph.Add(graph.Mul(moving, g.Scalar(momentum)), graph.Mul(graph.StopGradient(batch), g.Scalar(1-momentum)))
}

// Gamma returns the scale weight (nil before Build or with NoScale).
func (b *BatchNormalization) Gamma() *Weight { return b.gamma }

// Beta returns the offset weight (nil before Build or with NoCenter).
func (b *BatchNormalization) Beta() *Weight { return b.beta }

// MovingMean returns the moving mean (nil before Build).
func (b *BatchNormalization) MovingMean() *Weight { return b.movingMean }

// MovingVariance returns the moving variance (nil before Build).
func (b *BatchNormalization) MovingVariance() *Weight { return b.movingVar }

// orDefault returns v, or def when v is 0.
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// orInit returns init, or def when init is nil.
func orInit(init, def initializers.Initializer) initializers.Initializer {
	if init == nil {
		return def
	}
	return init
}
