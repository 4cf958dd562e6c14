package activations

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
)

// ReLUOptions configures [ReLUWith], Keras's relu(x, negative_slope,
// max_value, threshold). The zero value is the plain ReLU, max(x, 0).
type ReLUOptions struct {
	// NegativeSlope is the slope below Threshold; 0, Keras's default,
	// gives 0 there.
	NegativeSlope float64
	// MaxValue caps the output; nil, Keras's default (None), leaves it
	// uncapped. It must be ≥ 0: new(6.0) gives relu6.
	MaxValue *float64
	// Threshold is the value below which the output is damped: x passes
	// where x > Threshold and is replaced by 0 elsewhere (before the
	// negative part is added). 0 is Keras's default.
	Threshold float64
}

// ReLUWith returns Keras's configurable ReLU, built from graph ops in the
// order Keras 3 builds it, so that it gives Keras's values for every
// setting:
//
//	y = x·[x > threshold]   (relu(x) when threshold is 0)
//	y = clip(y, 0, max_value)            if max_value is set
//	y = y − negative_slope·relu(threshold − x)  if negative_slope ≠ 0
//
// For threshold ≥ 0 this is max_value above max_value, x on
// [threshold, max_value) and negative_slope·(x − threshold) below the
// threshold. With only a negative slope it is graph.LeakyRelu; with only
// MaxValue 6 it is [Relu6]. Gradients follow the ops (0 at the ReLU kink,
// as TensorFlow's). Every option must be finite and MaxValue ≥ 0;
// otherwise ReLUWith returns an error.
func ReLUWith(o ReLUOptions) (Func, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	o.MaxValue = copyFloat(o.MaxValue)
	return func(x *graph.Node) *graph.Node { return o.apply(x) }, nil
}

// check validates the options.
func (o ReLUOptions) check() error {
	for _, v := range []struct {
		name string
		v    float64
	}{{"negative_slope", o.NegativeSlope}, {"threshold", o.Threshold}} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			return fmt.Errorf("relu: %s must be finite, got %g", v.name, v.v)
		}
	}
	if m := o.MaxValue; m != nil && !(*m >= 0 && !math.IsInf(*m, 1)) {
		return fmt.Errorf("relu: max_value must be finite and ≥ 0, got %g", *m)
	}
	return nil
}

// apply builds the configured ReLU of x.
func (o ReLUOptions) apply(x *graph.Node) *graph.Node {
	g := x.Graph()
	if o.NegativeSlope != 0 && o.MaxValue == nil && o.Threshold == 0 {
		return graph.LeakyRelu(x, o.NegativeSlope)
	}
	var negative *graph.Node
	if o.NegativeSlope != 0 {
		negative = graph.Relu(graph.Sub(g.Scalar(o.Threshold), x))
	}
	clip := o.MaxValue != nil
	var y *graph.Node
	switch {
	case o.Threshold != 0:
		y = graph.Mul(x, graph.Greater(x, g.Scalar(o.Threshold)))
	case clip && *o.MaxValue == 6:
		y, clip = Relu6(x), false
	default:
		y = graph.Relu(x)
	}
	if clip {
		y = graph.Clip(y, 0, *o.MaxValue)
	}
	if negative != nil {
		y = graph.Sub(y, graph.Mul(g.Scalar(o.NegativeSlope), negative))
	}
	return y
}

// copyFloat returns a copy of *p (nil for nil), so that a Func does not
// change when the caller's variable does.
func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Relu6 is Keras's relu6: min(max(x, 0), 6). Its gradient is 1 strictly
// between 0 and 6 and 0 elsewhere, kinks included, as TensorFlow's Relu6.
func Relu6(x *graph.Node) *graph.Node {
	// Minimum gives the whole gradient to its first operand on ties, so
	// the constant first makes the gradient at x = 6 zero.
	return graph.Minimum(x.Graph().Scalar(6), graph.Relu(x))
}
