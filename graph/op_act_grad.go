package graph

import (
	"fmt"
	"math"
	"strconv"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the activation ops share: actFn, which names a
// smooth (or piecewise-smooth) elementwise activation and evaluates it and
// its derivatives of any order up to actMaxOrder; the op actGradOp, which
// computes dy·f⁽ⁿ⁾(x) in one pass (the fused gradient of Elu, Selu,
// Softplus, Softsign, Gelu, Swish and of those gradients again); and small
// helpers. The forward and derivative formulas of each activation live in
// its own op file.

// actKind selects an activation formula.
type actKind uint8

const (
	actLeakyRelu actKind = iota
	actElu               // also Selu, through scale
	actSoftplus
	actSoftsign
	actGeluExact
	actGeluTanh
	actSwish
)

// actFn is an elementwise activation with its attributes.
type actFn struct {
	kind  actKind
	alpha float64 // LeakyRelu slope, Elu/Selu alpha
	scale float64 // Elu/Selu output scale
}

// actMaxOrder is the highest derivative order actGradOp computes.
const actMaxOrder = 12

// actGrain is the least number of elements a parallel chunk of an
// activation kernel handles.
const actGrain = 16 << 10

// name is the Type of the activation's forward op.
func (f actFn) name() string {
	switch f.kind {
	case actLeakyRelu:
		return "LeakyRelu"
	case actElu:
		if f.scale != 1 {
			return "Selu"
		}
		return "Elu"
	case actSoftplus:
		return "Softplus"
	case actSoftsign:
		return "Softsign"
	case actGeluExact, actGeluTanh:
		return "Gelu"
	default:
		return "Swish"
	}
}

// forward evaluates f(x).
func (f actFn) forward(x float64) float64 {
	switch f.kind {
	case actLeakyRelu:
		if x > 0 {
			return x
		}
		return f.alpha * x
	case actElu:
		return eluForward(f, x)
	case actSoftplus:
		return softplusForward(x)
	case actSoftsign:
		return x / (1 + math.Abs(x))
	case actGeluExact:
		return geluExactForward(x)
	case actGeluTanh:
		return geluTanhForward(x)
	default:
		return x * actSigmoid(x)
	}
}

// actCoef holds what a derivative of order n needs that does not depend on
// x: the coefficients of the polynomials P_{n-1} and P_n with
// σ⁽ᵏ⁾(x) = P_k(σ(x)), and a constant factor.
type actCoef struct {
	prev, cur [actMaxOrder + 2]float64 // P_{n-1} and P_n, lowest degree first
	k         float64
}

// prepare fills c for derivatives of order n of f.
func (c *actCoef) prepare(f actFn, n int) {
	switch f.kind {
	case actSoftplus, actSwish:
		// P_0(s) = s; P_{k+1}(s) = P_k'(s)·(s - s²), since σ' = σ - σ².
		c.cur[1] = 1
		for k := 0; k < n; k++ {
			c.prev = c.cur
			var next [actMaxOrder + 2]float64
			for d := 1; d < len(c.prev); d++ {
				if c.prev[d] == 0 {
					continue
				}
				dp := float64(d) * c.prev[d] // the s^(d-1) term of P_k'
				next[d] += dp
				if d+1 < len(next) {
					next[d+1] -= dp
				}
			}
			c.cur = next
		}
	case actSoftsign:
		c.k = softsignFactor(n)
	}
}

// deriv evaluates the n-th derivative f⁽ⁿ⁾(x), n ≥ 1, with c prepared for n.
func (f actFn) deriv(n int, x float64, c *actCoef) float64 {
	switch f.kind {
	case actLeakyRelu:
		if n > 1 {
			return 0
		}
		if x > 0 {
			return 1
		}
		return f.alpha
	case actElu:
		return eluDeriv(f, n, x)
	case actSoftplus:
		return softplusDeriv(n, x, c)
	case actSoftsign:
		return softsignDeriv(n, x, c)
	case actGeluExact:
		return geluExactDeriv(n, x)
	case actGeluTanh:
		return geluTanhDeriv(n, x)
	default:
		return swishDeriv(n, x, c)
	}
}

// actPoly evaluates the polynomial with coefficients p (lowest degree
// first) at s.
func actPoly(p []float64, s float64) float64 {
	v := 0.0
	for i := len(p) - 1; i >= 0; i-- {
		v = v*s + p[i]
	}
	return v
}

// actSigmoid is the logistic function in a form that cannot overflow.
func actSigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// actMap writes f(x) elementwise into out (float32 or float64, x's shape).
func actMap(f actFn, out, x *tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		actMapRun(f, d, x.Float32s())
	case []float64:
		actMapRun(f, d, x.Float64s())
	}
}

func actMapRun[T tensor.Float](f actFn, d, x []T) {
	if len(d) < 2*actGrain {
		actMapLoop(f, d, x)
		return
	}
	parallel.ForCached(&actMapTasks, len(d), actGrain, actMapTask[T]{f: f, d: d, x: x})
}

// actMapTask is the parallel loop of actMapRun.
type actMapTask[T tensor.Float] struct {
	f    actFn
	d, x []T
}

func (t *actMapTask[T]) Run(lo, hi int) { actMapLoop(t.f, t.d[lo:hi], t.x[lo:hi]) }

var actMapTasks parallel.TaskCache

func actMapLoop[T tensor.Float](f actFn, d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = T(f.forward(float64(v)))
	}
}

// actGradOp computes dy·f⁽ⁿ⁾(x) elementwise: for n = 1 the gradient of
// the activation f, for larger n the gradients of that gradient. It is a
// fused kernel for speed: one pass over x and dy evaluates the closed-form
// derivative, where composing it from Exp, Tanh, Mul and the like would
// take several passes and temporaries, and a graph that grows with every
// order of differentiation.
type actGradOp struct {
	fn    actFn
	order int
}

// actGrad returns dy·f⁽ⁿ⁾(x).
func actGrad(fn actFn, order int, x, dy *Node) *Node {
	return graphOf(x, dy).AddNode(actGradOp{fn: fn, order: order}, "", x, dy)
}

func (o actGradOp) Type() string {
	if o.order == 1 {
		return o.fn.name() + "Grad"
	}
	return o.fn.name() + "Grad" + strconv.Itoa(o.order)
}

func (actGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferFloatPair(d, s)
}

func (o actGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	switch d := out.Raw().(type) {
	case []float32:
		actGradRun(o.fn, o.order, d, in[0].Float32s(), in[1].Float32s())
	case []float64:
		actGradRun(o.fn, o.order, d, in[0].Float64s(), in[1].Float64s())
	}
}

func actGradRun[T tensor.Float](f actFn, n int, d, x, dy []T) {
	var c actCoef
	c.prepare(f, n)
	if len(d) < 2*actGrain {
		actGradLoop(f, n, &c, d, x, dy)
		return
	}
	parallel.ForCached(&actGradTasks, len(d), actGrain, actGradTask[T]{f: f, n: n, c: c, d: d, x: x, dy: dy})
}

// actGradTask is the parallel loop of actGradRun.
type actGradTask[T tensor.Float] struct {
	f        actFn
	n        int
	c        actCoef
	d, x, dy []T
}

func (t *actGradTask[T]) Run(lo, hi int) {
	actGradLoop(t.f, t.n, &t.c, t.d[lo:hi], t.x[lo:hi], t.dy[lo:hi])
}

var actGradTasks parallel.TaskCache

func actGradLoop[T tensor.Float](f actFn, n int, c *actCoef, d, x, dy []T) {
	x, dy = x[:len(d)], dy[:len(d)]
	for i, v := range x {
		d[i] = T(float64(dy[i]) * f.deriv(n, float64(v), c))
	}
}

// Gradient: for z = dy·f⁽ⁿ⁾(x) and upstream g, dz/dx contributes
// g·dy·f⁽ⁿ⁺¹⁾(x) (the same op one order up, fed g·dy) and dz/d(dy) is
// g·f⁽ⁿ⁾(x) (this op again, fed g).
func (o actGradOp) Gradient(n, g *Node) ([]*Node, error) {
	x, dy := n.inputs[0], n.inputs[1]
	if o.order >= actMaxOrder {
		return nil, fmt.Errorf("%w: derivatives of %s beyond order %d are not implemented", ErrNoGradient, o.fn.name(), actMaxOrder)
	}
	next := actGradOp{fn: o.fn, order: o.order + 1}
	return []*Node{
		graphOf(x).AddNode(next, "", x, Mul(g, dy)),
		actGrad(o.fn, o.order, x, g),
	}, nil
}

// actCheckFinite returns an error unless the attribute v is finite.
func actCheckFinite(name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s must be finite, got %v", name, v)
	}
	return nil
}
