package graph

import (
	"errors"
	"math"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// softmaxOp is exp(x) / sum(exp(x)) along an axis.
type softmaxOp struct{ axis int }

// Softmax returns exp(x) / sum(exp(x), axis) for a float tensor x, along
// axis (negative counts from the end; Keras's default is -1). It subtracts
// the maximum along the axis first, so large logits stay finite: the
// softmax of [1000, 0] is [1, 0].
func Softmax(x *Node, axis int) *Node { return graphOf(x).AddNode(softmaxOp{axis: axis}, "", x) }

func (softmaxOp) Type() string { return "Softmax" }

func (o softmaxOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return actInferAxis(o.axis, d, s, 1)
}

func (o softmaxOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	tensor.SoftmaxInto(out, in[0], o.axis)
}

// Gradient: with y = softmax(x), dy_i/dx_k = y_i·(δ_ik - y_k), so the
// gradient is y·(dy - sum(dy·y, axis)), computed by the fused op
// softmaxGrad(y, dy).
func (o softmaxOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{softmaxGrad(o.axis, n, dy)}, nil
}

// softmaxGradOp is y·(dy - sum(dy·y, axis, keepdims)), the gradient of
// Softmax from its output y. It is a fused kernel for speed: each row's
// sum and result come from one kernel that accumulates in float64 and
// needs no temporaries, where Mul, Sum(keepDims), Sub and Mul would take
// four passes and three temporaries. Its own gradient is composed from
// public ops (and softmaxGrad itself).
type softmaxGradOp struct{ axis int }

func softmaxGrad(axis int, y, dy *Node) *Node {
	return graphOf(y, dy).AddNode(softmaxGradOp{axis: axis}, "SoftmaxGrad", y, dy)
}

func (softmaxGradOp) Type() string { return "SoftmaxGrad" }

func (o softmaxGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return actInferAxis(o.axis, d, s, 2)
}

func (o softmaxGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actAxisCompute(false, o.axis, out, in[0], in[1])
}

// Gradient: for z = y·(dy - s) with s = sum(dy·y) and upstream g,
// dz/d(dy) = y·(g - sum(g·y)) = softmaxGrad(y, g) (the map is self-adjoint)
// and dz/dy = g·(dy - s) - dy·sum(g·y), built from public ops so that it
// can be differentiated again.
func (o softmaxGradOp) Gradient(n, g *Node) ([]*Node, error) {
	y, dy := n.inputs[0], n.inputs[1]
	axes := []int{o.axis}
	s := Sum(Mul(dy, y), axes, true)
	gy := Sum(Mul(g, y), axes, true)
	return []*Node{
		Sub(Mul(g, Sub(dy, s)), Mul(dy, gy)),
		softmaxGrad(o.axis, y, g),
	}, nil
}

// actInferAxis is the rule of the softmax-like ops: arity float inputs of
// one shape and an axis within their rank.
func actInferAxis(axis int, d []tensor.DType, s []tensor.Shape, arity int) (tensor.DType, tensor.Shape, error) {
	var dt tensor.DType
	var sh tensor.Shape
	var err error
	if arity == 1 {
		dt, sh, err = inferUnaryFloat(d, s)
	} else {
		dt, sh, err = inferFloatPair(d, s)
	}
	if err != nil {
		return 0, nil, err
	}
	if len(sh) == 0 {
		return 0, nil, errors.New("needs an input of rank 1 or more, got a scalar")
	}
	if _, err := normAxis(axis, len(sh)); err != nil {
		return 0, nil, err
	}
	return dt, sh, nil
}

// actAxisCompute runs the fused softmax (log false) or log-softmax (log
// true) gradient along axis of y and dy into out.
func actAxisCompute(log bool, axis int, out, y, dy *tensor.Tensor) {
	sh := y.Shape()
	a, _ := normAxis(axis, len(sh))
	outer, r, inner := sh[:a].Size(), sh[a], sh[a+1:].Size()
	switch d := out.Raw().(type) {
	case []float32:
		actAxisRun(log, d, y.Float32s(), dy.Float32s(), outer, r, inner)
	case []float64:
		actAxisRun(log, d, y.Float64s(), dy.Float64s(), outer, r, inner)
	}
}

// actAxisBlock is the number of columns a strided (inner > 1) unit of
// actAxisRun handles at once.
const actAxisBlock = 64

// actAxisRun computes along the middle axis of the (outer, r, inner)
// row-major blocks of y and dy either the softmax gradient
// out = y·(dy - Σ dy·y) or the log-softmax gradient out = dy - exp(y)·Σ dy,
// accumulating the sums in float64.
func actAxisRun[T tensor.Float](log bool, out, y, dy []T, outer, r, inner int) {
	if outer*r*inner == 0 {
		return
	}
	blocks := (inner + actAxisBlock - 1) / actAxisBlock
	units := outer * blocks
	if units == 1 || outer*r*inner < 2*actGrain {
		actAxisUnits(log, out, y, dy, r, inner, blocks, 0, units)
		return
	}
	grain := max(1, actGrain/(r*min(inner, actAxisBlock)))
	parallel.ForCached(&actAxisTasks, units, grain, actAxisTask[T]{log: log, out: out, y: y, dy: dy, r: r, inner: inner, blocks: blocks})
}

// actAxisTask is the parallel loop of actAxisRun.
type actAxisTask[T tensor.Float] struct {
	log              bool
	out, y, dy       []T
	r, inner, blocks int
}

func (t *actAxisTask[T]) Run(lo, hi int) {
	actAxisUnits(t.log, t.out, t.y, t.dy, t.r, t.inner, t.blocks, lo, hi)
}

var actAxisTasks parallel.TaskCache

// actAxisUnits handles units lo..hi of actAxisRun: unit u is row block
// u/blocks, columns actAxisBlock·(u%blocks) onwards.
func actAxisUnits[T tensor.Float](log bool, out, y, dy []T, r, inner, blocks, lo, hi int) {
	if inner == 1 {
		for o := lo; o < hi; o++ {
			actAxisRow(log, out[o*r:(o+1)*r], y[o*r:(o+1)*r], dy[o*r:(o+1)*r])
		}
		return
	}
	var acc [actAxisBlock]float64
	for u := lo; u < hi; u++ {
		o, b := u/blocks, u%blocks
		j0 := b * actAxisBlock
		j1 := min(j0+actAxisBlock, inner)
		base := o * r * inner
		s := acc[:j1-j0]
		clear(s)
		for k := 0; k < r; k++ {
			off := base + k*inner
			yr, dr := y[off+j0:off+j1], dy[off+j0:off+j1]
			s := s[:len(dr)]
			if log {
				for j, v := range dr {
					s[j] += float64(v)
				}
			} else {
				yr = yr[:len(dr)]
				for j, v := range dr {
					s[j] += float64(v) * float64(yr[j])
				}
			}
		}
		for k := 0; k < r; k++ {
			off := base + k*inner
			yr, dr, or := y[off+j0:off+j1], dy[off+j0:off+j1], out[off+j0:off+j1]
			dr, or, s := dr[:len(yr)], or[:len(yr)], s[:len(yr)]
			if log {
				for j, v := range yr {
					or[j] = T(float64(dr[j]) - math.Exp(float64(v))*s[j])
				}
			} else {
				for j, v := range yr {
					or[j] = T(float64(v) * (float64(dr[j]) - s[j]))
				}
			}
		}
	}
}

// actAxisRow is actAxisUnits for one contiguous row.
func actAxisRow[T tensor.Float](log bool, out, y, dy []T) {
	y, dy = y[:len(out)], dy[:len(out)]
	s := 0.0
	if log {
		for _, v := range dy {
			s += float64(v)
		}
		for j, v := range y {
			out[j] = T(float64(dy[j]) - math.Exp(float64(v))*s)
		}
		return
	}
	for j, v := range y {
		s += float64(dy[j]) * float64(v)
	}
	for j, v := range y {
		out[j] = T(float64(v) * (float64(dy[j]) - s))
	}
}
