package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// sparseXentOp is the softmax crossentropy of logits against integer
// labels.
type sparseXentOp struct{}

// SparseSoftmaxCrossEntropyWithLogits returns, for float logits of shape
// (..., C) and Int64 labels of shape (...), the per-example loss
// -log(softmax(logits)[label]) of shape (...), computed stably as
// logsumexp(logits) - logits[label] (TensorFlow's
// tf.nn.sparse_softmax_cross_entropy_with_logits). A label outside [0, C)
// makes the Run fail with an error naming the node. Labels get no
// gradient.
func SparseSoftmaxCrossEntropyWithLogits(labels, logits *Node) *Node {
	return graphOf(labels, logits).AddNode(sparseXentOp{}, "", labels, logits)
}

func (sparseXentOp) Type() string { return "SparseSoftmaxCrossEntropyWithLogits" }

func (sparseXentOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return sparseXentInfer(d[0], d[1], s[0], s[1])
}

// sparseXentInfer checks labels (Int64, shape (...)) against logits
// (float, shape (..., C)) and returns the loss dtype and shape (...).
func sparseXentInfer(ld, xd tensor.DType, ls, xs tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if ld != tensor.Int64 {
		return 0, nil, fmt.Errorf("labels must be int64, got %v", ld)
	}
	if !xd.IsFloat() {
		return 0, nil, fmt.Errorf("logits must be float, got %v", xd)
	}
	if len(xs) == 0 {
		return 0, nil, fmt.Errorf("logits must have rank 1 or more (classes last), got a scalar")
	}
	if xs[len(xs)-1] == 0 {
		return 0, nil, fmt.Errorf("logits have no classes")
	}
	if !sameStatic(ls, xs[:len(xs)-1]) {
		return 0, nil, fmt.Errorf("labels of shape %s do not match logits of shape %s (labels need the logits' shape without the class axis)",
			formatShape(ls), formatShape(xs))
	}
	return xd, mergeShapes(ls, xs[:len(xs)-1]), nil
}

func (sparseXentOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	labels, logits := in[0].Int64s(), in[1]
	c := logits.Shape()[logits.Rank()-1]
	sparseXentCheckLabels("SparseSoftmaxCrossEntropyWithLogits", labels, c)
	switch d := out.Raw().(type) {
	case []float32:
		sparseXentRun(d, nil, labels, logits.Float32s(), nil, c)
	case []float64:
		sparseXentRun(d, nil, labels, logits.Float64s(), nil, c)
	}
}

// Gradient: d loss/d logits = softmax(logits) - onehot(label), scaled by
// each example's dy, computed by the fused op sparseXentGrad; the integer
// labels get none.
func (sparseXentOp) Gradient(n, dy *Node) ([]*Node, error) {
	labels, logits := n.inputs[0], n.inputs[1]
	return []*Node{nil, sparseXentGrad(labels, logits, dy)}, nil
}

// sparseXentGradOp is dy[..., None]·(softmax(logits) - onehot(labels)).
// It is a fused kernel for speed, since it is the backward pass of the
// usual classification loss: it recomputes each row's softmax from the
// logits and subtracts the label in the same pass, so neither the softmax
// nor a one-hot tensor is kept or built.
type sparseXentGradOp struct{}

func sparseXentGrad(labels, logits, dy *Node) *Node {
	return graphOf(labels, logits, dy).AddNode(sparseXentGradOp{}, "", labels, logits, dy)
}

func (sparseXentGradOp) Type() string { return "SparseSoftmaxCrossEntropyWithLogitsGrad" }

func (sparseXentGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 3); err != nil {
		return 0, nil, err
	}
	dt, rows, err := sparseXentInfer(d[0], d[1], s[0], s[1])
	if err != nil {
		return 0, nil, err
	}
	if d[2] != dt || !sameStatic(rows, s[2]) {
		return 0, nil, fmt.Errorf("dy is %v %s, want %v %s", d[2], formatShape(s[2]), dt, formatShape(rows))
	}
	return dt, s[1], nil
}

func (sparseXentGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	labels, logits := in[0].Int64s(), in[1]
	c := logits.Shape()[logits.Rank()-1]
	sparseXentCheckLabels("SparseSoftmaxCrossEntropyWithLogitsGrad", labels, c)
	switch d := out.Raw().(type) {
	case []float32:
		sparseXentRun(nil, d, labels, logits.Float32s(), in[2].Float32s(), c)
	case []float64:
		sparseXentRun(nil, d, labels, logits.Float64s(), in[2].Float64s(), c)
	}
}

// Gradient: z = dy·(p - e) with p = softmax(logits) and e the one-hot
// labels. For upstream g, dz/d(logits) = dy·p·(g - sum(g·p)), that is
// actScaleRows(softmaxGrad(p, g), dy), built from Softmax so that it can be
// differentiated again; dz/d(dy) = sum(g·(p - e)) over the classes, which
// is actRowDot(g, this op with dy = 1).
func (sparseXentGradOp) Gradient(n, g *Node) ([]*Node, error) {
	labels, logits, dy := n.inputs[0], n.inputs[1], n.inputs[2]
	p := Softmax(logits, -1)
	return []*Node{
		nil,
		actScaleRows(softmaxGrad(-1, p, g), dy),
		actRowDot(g, sparseXentGrad(labels, logits, OnesLike(dy))),
	}, nil
}

// sparseXentCheckLabels panics with a *tensor.Error (which the session turns
// into an error naming the node) if a label is outside [0, c).
func sparseXentCheckLabels(op string, labels []int64, c int) {
	for i, l := range labels {
		if l < 0 || l >= int64(c) {
			panic(&tensor.Error{Op: op, Msg: fmt.Sprintf("label %d of example %d is outside [0, %d)", l, i, c)})
		}
	}
}

// sparseXentRun computes, for each row of c logits, the loss into loss (if
// not nil) or the gradient dy·(softmax - onehot) into grad (otherwise).
// The labels must be valid.
func sparseXentRun[T tensor.Float](loss, grad []T, labels []int64, x, dy []T, c int) {
	rows := len(labels)
	if rows*c < 2*actGrain {
		sparseXentRows(loss, grad, labels, x, dy, c, 0, rows)
		return
	}
	parallel.ForCached(&sparseXentTasks, rows, max(1, actGrain/c), sparseXentTask[T]{loss: loss, grad: grad, labels: labels, x: x, dy: dy, c: c})
}

// sparseXentTask is the parallel loop of sparseXentRun.
type sparseXentTask[T tensor.Float] struct {
	loss, grad []T
	labels     []int64
	x, dy      []T
	c          int
}

func (t *sparseXentTask[T]) Run(lo, hi int) {
	sparseXentRows(t.loss, t.grad, t.labels, t.x, t.dy, t.c, lo, hi)
}

var sparseXentTasks parallel.TaskCache

// sparseXentBlock is the most logits whose exponentials sparseXentRows
// computes in one call of the vector exponential: the rows of a block are
// shifted by their maxima into a buffer on the stack, exponentiated
// together, then summed and turned into losses or gradients.
const sparseXentBlock = 1024

// sparseXentRows computes rows [lo, hi) of sparseXentRun: for each row of
// c logits with maximum m, the sum s of e**(x−m) in float64, then the loss
// m + log(s) − x[label], or the gradient dy·(e**(x−m)/s − onehot). The
// exponentials are kernels.Exp64's, over blocks of whole rows (calling
// math.Exp per logit made the loss and the gradient of a 128×10 batch
// take 16 µs each, most of the MLP step's softmax); a row of more than
// sparseXentBlock classes goes through the buffer in parts. c is at least
// 1 (Infer rejects logits without classes).
func sparseXentRows[T tensor.Float](loss, grad []T, labels []int64, x, dy []T, c, lo, hi int) {
	var buf [sparseXentBlock]float64
	if c > sparseXentBlock {
		for b := lo; b < hi; b++ {
			sparseXentLongRow(loss, grad, labels, x, dy, c, b, buf[:])
		}
		return
	}
	var maxes [sparseXentBlock]float64
	per := sparseXentBlock / c
	for b0 := lo; b0 < hi; b0 += per {
		b1 := min(hi, b0+per)
		z := buf[:(b1-b0)*c]
		for b := b0; b < b1; b++ {
			row, zr := x[b*c:(b+1)*c], z[(b-b0)*c:(b-b0+1)*c]
			maxes[b-b0] = rowMax(row)
			shiftRow(zr, row, maxes[b-b0])
		}
		kernels.Exp64(z, z)
		for b := b0; b < b1; b++ {
			e := z[(b-b0)*c : (b-b0+1)*c]
			s := 0.0
			for _, v := range e {
				s += v
			}
			sparseXentFinish(loss, grad, labels, x, dy, c, b, maxes[b-b0], s, e)
		}
	}
}

// sparseXentLongRow is sparseXentRows for row b of more than len(buf)
// classes: the exponentials are computed in parts of len(buf) twice, once
// for the sum and, for a gradient, again for the output.
func sparseXentLongRow[T tensor.Float](loss, grad []T, labels []int64, x, dy []T, c, b int, buf []float64) {
	row := x[b*c : (b+1)*c]
	m := rowMax(row)
	s := 0.0
	for p := 0; p < c; p += len(buf) {
		e := shiftedExp(buf, row[p:min(c, p+len(buf))], m)
		for _, v := range e {
			s += v
		}
	}
	if grad == nil {
		sparseXentFinish(loss, nil, labels, x, dy, c, b, m, s, nil)
		return
	}
	for p := 0; p < c; p += len(buf) {
		e := shiftedExp(buf, row[p:min(c, p+len(buf))], m)
		sparseXentGradPart(grad[b*c+p:b*c+p+len(e)], e, int(labels[b])-p, float64(dy[b]), 1/s)
	}
}

// sparseXentFinish writes row b's loss (if grad is nil) or gradient, from
// its maximum m, the sum s of its exponentials and, for a gradient, the
// exponentials e themselves.
func sparseXentFinish[T tensor.Float](loss, grad []T, labels []int64, x, dy []T, c, b int, m, s float64, e []float64) {
	l := int(labels[b])
	if grad == nil {
		loss[b] = T(m + math.Log(s) - float64(x[b*c+l]))
		return
	}
	sparseXentGradPart(grad[b*c:(b+1)*c], e, l, float64(dy[b]), 1/s)
}

// sparseXentGradPart sets out[j] = scale·(e[j]·inv − [j = l]).
func sparseXentGradPart[T tensor.Float](out []T, e []float64, l int, scale, inv float64) {
	for j, v := range e {
		if j == l {
			out[j] = T(scale * (v*inv - 1))
		} else {
			out[j] = T(scale * v * inv)
		}
	}
}

// shiftRow sets dst[j] = x[j] − m in float64.
func shiftRow[T tensor.Float](dst []float64, x []T, m float64) {
	for j, v := range x {
		dst[j] = float64(v) - m
	}
}

// shiftedExp sets the first len(x) elements of buf to e**(x[j]−m) and
// returns them.
func shiftedExp[T tensor.Float](buf []float64, x []T, m float64) []float64 {
	e := buf[:len(x)]
	shiftRow(e, x, m)
	kernels.Exp64(e, e)
	return e
}

// rowMax returns the largest of the values in float64: NaN if one is
// NaN (as the builtin max gives), -Inf for an empty row.
func rowMax[T tensor.Float](row []T) float64 {
	m := math.Inf(-1)
	for _, v := range row {
		m = max(m, float64(v))
	}
	return m
}

// actScaleRowsOp multiplies each row (along the last axis) of x by the
// matching element of s: out[..., j] = x[..., j]·s[...]. With actRowDotOp
// it makes up the derivative of sparseXentGrad with respect to dy; each is
// the other's adjoint, so the pair stays closed under differentiation.
// They serve only that second derivative, not a hot path, and are not
// markedly faster than Mul(x, ExpandDims(s, -1)) and
// Sum(Mul(a, b), []int{-1}, false); they stay fused because RowDot forms
// each product in float64 before summing, where Mul would round it to
// float32 first.
type actScaleRowsOp struct{}

func actScaleRows(x, s *Node) *Node {
	return graphOf(x, s).AddNode(actScaleRowsOp{}, "ScaleRows", x, s)
}

func (actScaleRowsOp) Type() string { return "ScaleRows" }

func (actScaleRowsOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	if len(s[0]) == 0 || !sameStatic(s[0][:len(s[0])-1], s[1]) {
		return 0, nil, fmt.Errorf("shape %s is not the rows of %s", formatShape(s[1]), formatShape(s[0]))
	}
	out := s[0].Clone()
	copy(out, mergeShapes(s[0][:len(s[0])-1], s[1]))
	return dt, out, nil
}

func (actScaleRowsOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	c := in[0].Shape()[in[0].Rank()-1]
	switch d := out.Raw().(type) {
	case []float32:
		actRowsRun(false, d, in[0].Float32s(), in[1].Float32s(), c)
	case []float64:
		actRowsRun(false, d, in[0].Float64s(), in[1].Float64s(), c)
	}
}

// Gradient: linear in each input: dx = g·s per row, ds = sum(g·x) per row.
func (actScaleRowsOp) Gradient(n, g *Node) ([]*Node, error) {
	x, s := n.inputs[0], n.inputs[1]
	return []*Node{actScaleRows(g, s), actRowDot(g, x)}, nil
}

// actRowDotOp is the dot product of a and b along their last axis, with
// each product and the sum in float64 (see actScaleRowsOp).
type actRowDotOp struct{}

func actRowDot(a, b *Node) *Node { return graphOf(a, b).AddNode(actRowDotOp{}, "RowDot", a, b) }

func (actRowDotOp) Type() string { return "RowDot" }

func (actRowDotOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	dt, sh, err := inferFloatPair(d, s)
	if err != nil {
		return 0, nil, err
	}
	if len(sh) == 0 {
		return 0, nil, fmt.Errorf("needs inputs of rank 1 or more")
	}
	return dt, sh[:len(sh)-1], nil
}

func (actRowDotOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	c := in[0].Shape()[in[0].Rank()-1]
	switch d := out.Raw().(type) {
	case []float32:
		actRowsRun(true, d, in[0].Float32s(), in[1].Float32s(), c)
	case []float64:
		actRowsRun(true, d, in[0].Float64s(), in[1].Float64s(), c)
	}
}

// Gradient: da = g·b per row, db = g·a per row.
func (actRowDotOp) Gradient(n, g *Node) ([]*Node, error) {
	a, b := n.inputs[0], n.inputs[1]
	return []*Node{actScaleRows(b, g), actScaleRows(a, g)}, nil
}

// actRowsRun computes the row dot products of x and y into d (dot true,
// len(d) rows) or x scaled by the row factors y into d (dot false).
func actRowsRun[T tensor.Float](dot bool, d, x, y []T, c int) {
	if c == 0 {
		clear(d)
		return
	}
	rows := len(x) / c
	if len(x) < 2*actGrain {
		actRowsLoop(dot, d, x, y, c, 0, rows)
		return
	}
	parallel.ForCached(&actRowsTasks, rows, max(1, actGrain/c), actRowsTask[T]{dot: dot, d: d, x: x, y: y, c: c})
}

// actRowsTask is the parallel loop of actRowsRun.
type actRowsTask[T tensor.Float] struct {
	dot     bool
	d, x, y []T
	c       int
}

func (t *actRowsTask[T]) Run(lo, hi int) { actRowsLoop(t.dot, t.d, t.x, t.y, t.c, lo, hi) }

var actRowsTasks parallel.TaskCache

func actRowsLoop[T tensor.Float](dot bool, d, x, y []T, c, lo, hi int) {
	for b := lo; b < hi; b++ {
		xr := x[b*c : (b+1)*c]
		if dot {
			yr := y[b*c : (b+1)*c]
			s := 0.0
			for j, v := range xr {
				s += float64(v) * float64(yr[j])
			}
			d[b] = T(s)
			continue
		}
		out, f := d[b*c:(b+1)*c], y[b]
		for j, v := range xr {
			out[j] = v * f
		}
	}
}
