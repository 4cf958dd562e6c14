package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// batchNormOp normalizes each channel (last axis) of x with given
// statistics, then scales and shifts it.
type batchNormOp struct{ eps float64 }

// BatchNorm returns gamma·(x - mean)/sqrt(variance + epsilon) + beta for x
// of shape (..., C), rank 2 or more, and mean, variance, gamma and beta of
// shape (C,): Keras's BatchNormalization in inference mode, given the
// moving statistics (Keras's default epsilon is 1e-3). epsilon must not be
// negative. Each of the five inputs gets a gradient.
func BatchNorm(x, mean, variance, gamma, beta *Node, epsilon float64) *Node {
	return graphOf(x, mean, variance, gamma, beta).AddNode(batchNormOp{eps: epsilon}, "BatchNorm", x, mean, variance, gamma, beta)
}

// BatchNormTraining returns BatchNorm of x with the statistics of the batch
// (Keras's BatchNormalization in training mode), together with those
// statistics, so that a layer can update its moving mean and variance:
// mean and variance, of shape (C,), are taken over every axis of x but the
// last, the variance biased (divided by the count, not count - 1) as in
// Keras. The gradient flows through the statistics to x.
func BatchNormTraining(x, gamma, beta *Node, epsilon float64) (y, mean, variance *Node) {
	g := graphOf(x, gamma, beta)
	axes := make([]int, max(len(x.Shape())-1, 1))
	for i := range axes {
		axes[i] = i
	}
	mean = Mean(x, axes, false)
	variance = Mean(Square(Sub(x, mean)), axes, false)
	if g.Err() != nil {
		return g.errorNode(), g.errorNode(), g.errorNode()
	}
	return BatchNorm(x, mean, variance, gamma, beta, epsilon), mean, variance
}

func (batchNormOp) Type() string { return "BatchNorm" }

func (o batchNormOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 5); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	if !(o.eps >= 0) {
		return 0, nil, fmt.Errorf("epsilon %g must not be negative", o.eps)
	}
	x := s[0]
	if len(x) < 2 {
		return 0, nil, fmt.Errorf("x must have rank 2 or more (channels last), got %s", formatShape(x))
	}
	ch := tensor.Shape{x[len(x)-1]}
	for i, name := range []string{"mean", "variance", "gamma", "beta"} {
		if !sameStatic(s[i+1], ch) {
			return 0, nil, fmt.Errorf("%s has shape %s, want the %s channels of x %s", name, formatShape(s[i+1]), formatShape(ch), formatShape(x))
		}
	}
	return dt, x, nil
}

func (o batchNormOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch y := out.Raw().(type) {
	case []float32:
		batchNormRun(o.eps, y, in[0].Float32s(), in[1].Float32s(), in[2].Float32s(), in[3].Float32s(), in[4].Float32s())
	case []float64:
		batchNormRun(o.eps, y, in[0].Float64s(), in[1].Float64s(), in[2].Float64s(), in[3].Float64s(), in[4].Float64s())
	}
}

// Gradient: with s = (variance + eps)^-1/2 and sums over every axis but
// the last, dx = dy·gamma·s, dmean = -Σdy·gamma·s, dvariance =
// -½·Σ(dy·(x - mean))·gamma·s/(variance + eps), dgamma = Σ(dy·(x -
// mean))·s and dbeta = Σdy, built from public ops so that they can be
// differentiated again.
func (o batchNormOp) Gradient(n, dy *Node) ([]*Node, error) {
	x, mean, v, gamma := n.inputs[0], n.inputs[1], n.inputs[2], n.inputs[3]
	g := graphOf(n)
	axes := make([]int, len(x.Shape())-1)
	for i := range axes {
		axes[i] = i
	}
	ve := Add(v, g.Scalar(o.eps))
	s := Pow(ve, g.Scalar(-0.5))
	gs := Mul(gamma, s)
	sdy := Sum(dy, axes, false)
	sdyx := Sum(Mul(dy, Sub(x, mean)), axes, false)
	return []*Node{
		Mul(dy, gs),
		Neg(Mul(sdy, gs)),
		Mul(Mul(sdyx, gs), Div(g.Scalar(-0.5), ve)),
		Mul(sdyx, s),
		sdy,
	}, nil
}

// batchNormRun computes y = x·a + b per channel, with a = gamma/sqrt(v +
// eps) and b = beta - mean·a worked out once per channel in float64.
func batchNormRun[T tensor.Float](eps float64, y, x, mean, v, gamma, beta []T) {
	c := len(mean)
	if len(y) == 0 || c == 0 {
		return
	}
	buf := scratchFor[T]().get(2 * c)
	a, b := (*buf)[:c], (*buf)[c:]
	for j := range a {
		s := float64(gamma[j]) / math.Sqrt(float64(v[j])+eps)
		a[j], b[j] = T(s), T(float64(beta[j])-float64(mean[j])*s)
	}
	rows := len(x) / c
	t := batchNormTask[T]{y: y, x: x, a: a, b: b}
	if grain := max(1, actGrain/c); rows <= grain {
		t.Run(0, rows)
	} else {
		parallel.ForCached(&batchNormTasks, rows, grain, t)
	}
	scratchFor[T]().put(buf)
}

// batchNormTask is the parallel loop of batchNormRun over rows of C.
type batchNormTask[T tensor.Float] struct{ y, x, a, b []T }

var batchNormTasks parallel.TaskCache

func (t *batchNormTask[T]) Run(lo, hi int) {
	c := len(t.a)
	for r := lo; r < hi; r++ {
		yr, xr := t.y[r*c:(r+1)*c], t.x[r*c:(r+1)*c]
		a, b := t.a[:len(xr)], t.b[:len(xr)]
		for j, v := range xr {
			yr[j] = v*a[j] + b[j]
		}
	}
}
