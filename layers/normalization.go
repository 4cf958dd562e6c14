package layers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/tensor"
)

// normalizationEpsilon is Keras's backend.epsilon(), the smallest standard
// deviation Normalization divides by.
const normalizationEpsilon = 1e-7

// Normalization is Keras's Normalization preprocessing layer: it
// standardizes each feature (along Axis) to
//
//	(x − mean) / max(sqrt(variance), 1e-7)
//
// with a fixed mean and variance per feature, learnt from data by Adapt
// (Keras's adapt) or given as Mean and Variance. With Invert it undoes the
// standardization: mean + x·max(sqrt(variance), 1e-7).
//
// Adapted statistics are the layer's weights "mean" and "variance"
// (non-trainable, of the feature axis's size), so a saved model keeps
// them; given Mean and Variance are part of the configuration instead and
// the layer has no weights. Training never changes them.
//
// Keras also accepts a tuple of axes or None for Axis; here Axis is one
// axis (counted as Keras counts it, the batch axis included; 0 means −1).
type Normalization struct {
	// Axis is the feature axis, counted as Keras counts it (batch axis
	// included; negative from the end); 0 means −1, the last.
	Axis int
	// Mean and Variance, if set (both, or neither), fix the statistics:
	// one value per feature, or one value for every feature. Variances
	// must not be negative.
	Mean, Variance []float64
	// Invert makes the layer undo the standardization.
	Invert bool
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	mean, variance  *Weight
	adapted         [2][]float64 // Adapt's statistics, kept until Build when Adapt comes first
	adaptedFeatures int
}

// Type returns "Normalization".
func (*Normalization) Type() string { return "Normalization" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*Normalization) SupportsMasking() bool { return true }

// LayerName returns Name.
func (n *Normalization) LayerName() string { return n.Name }

// DeclaredInputShape returns InputShape.
func (n *Normalization) DeclaredInputShape() []int { return n.InputShape }

// Validate checks that Mean and Variance come together, are of one length
// and finite, and that no variance is negative.
func (n *Normalization) Validate() error {
	switch {
	case (n.Mean == nil) != (n.Variance == nil):
		return Errorf(n, "mean and variance must be set together")
	case len(n.Mean) != len(n.Variance):
		return Errorf(n, "mean has %d values and variance %d", len(n.Mean), len(n.Variance))
	case n.Mean != nil && len(n.Mean) == 0:
		return Errorf(n, "mean and variance are empty")
	}
	for i := range n.Mean {
		if math.IsNaN(n.Mean[i]) || math.IsInf(n.Mean[i], 0) || !(n.Variance[i] >= 0) || math.IsInf(n.Variance[i], 0) {
			return Errorf(n, "mean %g and variance %g of feature %d: want finite values and a variance >= 0", n.Mean[i], n.Variance[i], i)
		}
	}
	return nil
}

// OutputShapes returns the input's shape; the feature axis must exist and
// have a known size, which given statistics must fit.
func (n *Normalization) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(n, in)
	if err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	_, size, err := featureSize(n.Axis, s)
	if err != nil {
		return nil, Errorf(n, "%v", err)
	}
	if k := len(n.Mean); k > 1 && k != size {
		return nil, Errorf(n, "mean and variance have %d values, but the feature axis has %d", k, size)
	}
	if n.adapted[0] != nil && n.adaptedFeatures != size {
		return nil, Errorf(n, "adapted on data with %d features, but the input has %d", n.adaptedFeatures, size)
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build creates the weights "mean" (zeros) and "variance" (ones), unless
// Mean and Variance are given; statistics adapted before Build go into
// them.
func (n *Normalization) Build(ctx *Context, in []tensor.Shape) error {
	if _, err := n.OutputShapes(in); err != nil {
		return err
	}
	if n.Mean != nil {
		return nil
	}
	_, size, _ := featureSize(n.Axis, in[0])
	mean, err := ctx.AddWeight("mean", tensor.Shape{size}, initializers.Zeros{}, nil, false)
	if err != nil {
		return err
	}
	variance, err := ctx.AddWeight("variance", tensor.Shape{size}, initializers.Ones{}, nil, false)
	if err != nil {
		return err
	}
	n.mean, n.variance = mean, variance
	if n.adapted[0] != nil {
		return n.setStatistics(n.adapted[0], n.adapted[1])
	}
	return nil
}

// Call standardizes x (or, with Invert, undoes it). A feature axis other
// than the last is moved last and back.
func (n *Normalization) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(n, in)
	if err != nil {
		return nil, err
	}
	a, size, err := featureSize(n.Axis, n.InputShapes()[0])
	if err != nil {
		return nil, ctx.Errorf("%v", err)
	}
	xt, back := toLast(x, a)
	mean, variance := n.statisticNodes(ctx, size)
	std := graph.Maximum(graph.Sqrt(variance), ctx.Graph.Scalar(normalizationEpsilon))
	var y *graph.Node
	if n.Invert {
		y = graph.Add(mean, graph.Mul(xt, std))
	} else {
		y = graph.Div(graph.Sub(xt, mean), std)
	}
	return []*graph.Node{back(y)}, nil
}

// statisticNodes returns the mean and variance: the weights, or the given
// values as constants of the feature axis's size.
func (n *Normalization) statisticNodes(ctx *Context, size int) (*graph.Node, *graph.Node) {
	if n.Mean == nil {
		return ctx.Var(n.mean), ctx.Var(n.variance)
	}
	constant := func(v []float64) *graph.Node {
		t := tensor.New(ctx.DType, size)
		for i := range size {
			t.Set(v[i%len(v)], i)
		}
		return ctx.Graph.Const(t)
	}
	return constant(n.Mean), constant(n.Variance)
}

// Adapt computes each feature's mean and (biased) variance over data —
// samples along axis 0, the feature axis at Axis, every other axis pooled
// — and makes them the layer's statistics, as Keras's adapt. It may be
// called before the layer is built (the statistics then go into the
// weights Build creates) or after, but not while a model using the layer
// runs, and not when Mean and Variance are given. data (of any dtype)
// must hold at least one sample and finite values.
func (n *Normalization) Adapt(data *tensor.Tensor) error {
	if n.Mean != nil {
		return Errorf(n, "adapt: the layer has a fixed Mean and Variance")
	}
	if data == nil || data.Rank() < 2 || data.Dim(0) == 0 {
		return Errorf(n, "adapt: want data of shape (samples, features...) with at least one sample, got %v", shapeOf(data))
	}
	a, err := featureAxis(n.Axis, data.Rank()-1)
	if err != nil {
		return Errorf(n, "adapt: %v", err)
	}
	mean, variance, err := featureMoments(data, a+1)
	if err != nil {
		return Errorf(n, "adapt: %v", err)
	}
	if n.mean != nil {
		if k := n.mean.Shape()[0]; k != len(mean) {
			return Errorf(n, "adapt: the layer was built for %d features, the data has %d", k, len(mean))
		}
		return n.setStatistics(mean, variance)
	}
	n.adapted, n.adaptedFeatures = [2][]float64{mean, variance}, len(mean)
	return nil
}

// shapeOf describes a possibly nil tensor's shape.
func shapeOf(t *tensor.Tensor) string {
	if t == nil {
		return "nil"
	}
	return fmt.Sprint(t.Shape())
}

// featureMoments returns the mean and biased variance of data for each
// index of axis, over every other axis, computed in float64.
func featureMoments(data *tensor.Tensor, axis int) ([]float64, []float64, error) {
	shape := data.Shape()
	size, inner := shape[axis], 1
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	vals := data.Values()
	sum := make([]float64, size)
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("data holds %g at flat index %d", v, i)
		}
		sum[(i/inner)%size] += v
	}
	count := float64(len(vals) / size)
	for i := range sum {
		sum[i] /= count
	}
	sq := make([]float64, size)
	for i, v := range vals {
		f := (i / inner) % size
		d := v - sum[f]
		sq[f] += d * d
	}
	for i := range sq {
		sq[i] /= count
	}
	return sum, sq, nil
}

// setStatistics copies mean and variance into the weights.
func (n *Normalization) setStatistics(mean, variance []float64) error {
	for _, p := range []struct {
		w *Weight
		v []float64
	}{{n.mean, mean}, {n.variance, variance}} {
		t := tensor.New(p.w.DType(), len(p.v))
		for i, x := range p.v {
			t.Set(x, i)
		}
		if err := p.w.Set(t); err != nil {
			return Errorf(n, "%v", err)
		}
	}
	n.adapted = [2][]float64{}
	return nil
}

// Statistics returns the mean and variance per feature the layer uses:
// the given Mean and Variance, the weights' values once built, or what
// Adapt computed before the build; nil if there are none yet.
func (n *Normalization) Statistics() (mean, variance []float64) {
	switch {
	case n.Mean != nil:
		return append([]float64{}, n.Mean...), append([]float64{}, n.Variance...)
	case n.mean != nil:
		return n.mean.Value().Values(), n.variance.Value().Values()
	case n.adapted[0] != nil:
		return append([]float64{}, n.adapted[0]...), append([]float64{}, n.adapted[1]...)
	}
	return nil, nil
}
