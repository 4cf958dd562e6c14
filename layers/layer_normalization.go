package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// LayerNormalization is Keras's LayerNormalization: each sample is
// normalized over its Axis, gamma·(x − mean)/sqrt(variance + Epsilon) +
// beta, with the mean and the (biased) variance of that sample's elements
// along the axis, the same in training and inference. Weights: "gamma"
// and "beta" (trainable; left out with NoScale and NoCenter), of the
// axis's size.
//
// The zero value of each field is Keras's default: axis −1, epsilon 1e-3,
// center and scale on, gamma Ones and beta Zeros. An epsilon of exactly 0
// cannot be asked for (0 means the default).
type LayerNormalization struct {
	// Axis is the normalized axis, counted as Keras counts it (batch axis
	// included; negative from the end); 0 means −1.
	Axis int
	// Epsilon is added to the variance; 0 means 1e-3. It must be positive.
	Epsilon float64
	// NoCenter leaves out beta (Keras's center=False).
	NoCenter bool
	// NoScale leaves out gamma (Keras's scale=False).
	NoScale bool
	// BetaInitializer and GammaInitializer set the starting values (nil:
	// Zeros and Ones).
	BetaInitializer, GammaInitializer initializers.Initializer
	// BetaRegularizer and GammaRegularizer add penalties to the training
	// loss (nil: none).
	BetaRegularizer, GammaRegularizer regularizers.Regularizer
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	gamma, beta *Weight
}

// Type returns "LayerNormalization".
func (*LayerNormalization) Type() string { return "LayerNormalization" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*LayerNormalization) SupportsMasking() bool { return true }

// LayerName returns Name.
func (l *LayerNormalization) LayerName() string { return l.Name }

// DeclaredInputShape returns InputShape.
func (l *LayerNormalization) DeclaredInputShape() []int { return l.InputShape }

// epsilon returns Epsilon with its default.
func (l *LayerNormalization) epsilon() float64 { return orDefault(l.Epsilon, 1e-3) }

// Validate checks that Epsilon is positive.
func (l *LayerNormalization) Validate() error {
	if !(l.epsilon() > 0) {
		return Errorf(l, "epsilon must be positive, got %g", l.Epsilon)
	}
	return nil
}

// OutputShapes returns the input's shape; the axis must exist and have a
// known size.
func (l *LayerNormalization) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(l, in)
	if err != nil {
		return nil, err
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if _, _, err := featureSize(l.Axis, s); err != nil {
		return nil, Errorf(l, "%v", err)
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build creates gamma and beta.
func (l *LayerNormalization) Build(ctx *Context, in []tensor.Shape) error {
	_, n, err := featureSize(l.Axis, in[0])
	if err != nil {
		return Errorf(l, "%v", err)
	}
	if !l.NoScale {
		if l.gamma, err = ctx.AddWeight("gamma", tensor.Shape{n}, orInit(l.GammaInitializer, initializers.Ones{}), l.GammaRegularizer, true); err != nil {
			return err
		}
	}
	if !l.NoCenter {
		if l.beta, err = ctx.AddWeight("beta", tensor.Shape{n}, orInit(l.BetaInitializer, initializers.Zeros{}), l.BetaRegularizer, true); err != nil {
			return err
		}
	}
	return nil
}

// Call normalizes x along the axis (moved last and back when it is not
// the last).
func (l *LayerNormalization) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(l, in)
	if err != nil {
		return nil, err
	}
	a, n, err := featureSize(l.Axis, l.InputShapes()[0])
	if err != nil {
		return nil, ctx.Errorf("%v", err)
	}
	xt, back := toLast(x, a)
	last := []int{xt.Shape().Rank() - 1}
	centred := graph.Sub(xt, graph.Mean(xt, last, true))
	variance := graph.Mean(graph.Square(centred), last, true)
	norm := graph.Div(centred, graph.Sqrt(graph.Add(variance, ctx.Graph.Scalar(l.epsilon()))))
	gamma, beta := scaleShift(ctx, l.gamma, l.beta, n)
	return []*graph.Node{back(graph.Add(graph.Mul(norm, gamma), beta))}, nil
}

// Gamma returns the scale weight (nil before Build or with NoScale).
func (l *LayerNormalization) Gamma() *Weight { return l.gamma }

// Beta returns the offset weight (nil before Build or with NoCenter).
func (l *LayerNormalization) Beta() *Weight { return l.beta }
