package graph

import (
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// maxPool2DOp is the maximum over 2-D windows of an NHWC tensor.
type maxPool2DOp struct{ o Pool2DOptions }

// MaxPool2D returns, for x of shape (batch, height, width, channels), the
// maximum of each channel over every window (Keras's MaxPooling2D), of
// shape (batch, oh, ow, channels); see [Pool2DOptions]. Padded positions
// are ignored. Its gradient goes, for each window, to the window's
// largest element, the first one in row-major order on ties.
func MaxPool2D(x *Node, opts Pool2DOptions) *Node {
	return graphOf(x).AddNode(maxPool2DOp{o: opts}, "MaxPool2D", x)
}

func (maxPool2DOp) Type() string { return "MaxPool2D" }

func (m maxPool2DOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return poolInfer(m.o, d, s)
}

func (m maxPool2DOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(m.o, in[0].Shape())
	switch y := out.Raw().(type) {
	case []float32:
		if g.pool2x2() {
			maxPool2x2Run(maxPool2x2Task{g: g, x: in[0].Float32s(), y: y})
			return
		}
		maxPoolRun(&g, maxPoolForward, y, in[0].Float32s(), nil)
	case []float64:
		maxPoolRun(&g, maxPoolForward, y, in[0].Float64s(), nil)
	}
}

// Gradient: dy goes to each window's arg-max (the fused op MaxPool2DGrad).
func (m maxPool2DOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{maxPool2DGrad(m.o, n.inputs[0], dy)}, nil
}

// The three kernels maxPoolRun runs, which find each window's arg-max the
// same way.
const (
	maxPoolForward  = iota // out = max of each window of x
	maxPoolBackward        // out (shaped like x) = v scattered to the arg-maxes
	maxPoolGather          // out = v at each window's arg-max
)

// maxPoolRun runs kernel kind on x (and v, the scattered or gathered
// values) into out, on all cores: the forward and gather kernels over
// output pixels, the scatter over (image, channel block) pairs so that no
// two tasks add to one element.
func maxPoolRun[T tensor.Float](g *convGeom, kind int, out, x, v []T) {
	units, grain := g.n*g.oh*g.ow, g.poolPixelGrain()
	if kind == maxPoolBackward {
		units, grain = g.n*((g.c+poolChunk-1)/poolChunk), max(1, grain/max(1, g.oh*g.ow))
	}
	if units == 0 || g.c == 0 {
		clear(out)
		return
	}
	t := maxPoolTask[T]{g: *g, kind: kind, out: out, x: x, v: v}
	if units <= grain {
		t.Run(0, units)
		return
	}
	parallel.ForCached(&maxPoolTasks, units, grain, t)
}

// maxPoolTask is the parallel loop of maxPoolRun.
type maxPoolTask[T tensor.Float] struct {
	g         convGeom
	kind      int
	out, x, v []T
}

var maxPoolTasks parallel.TaskCache

func (t *maxPoolTask[T]) Run(lo, hi int) {
	g := &t.g
	var best [poolChunk]T
	var arg [poolChunk]int
	if t.kind == maxPoolBackward {
		blocks := (g.c + poolChunk - 1) / poolChunk
		for u := lo; u < hi; u++ {
			t.scatter(u/blocks, u%blocks*poolChunk, best[:], arg[:])
		}
		return
	}
	for p := lo; p < hi; p++ {
		n, oy, ox := p/(g.oh*g.ow), p/g.ow%g.oh, p%g.ow
		for c0 := 0; c0 < g.c; c0 += poolChunk {
			m := min(poolChunk, g.c-c0)
			maxPoolWindow(g, t.x, n, oy, ox, c0, best[:m], arg[:m])
			o := t.out[p*g.c+c0 : p*g.c+c0+m]
			if t.kind == maxPoolForward {
				copy(o, best[:m])
				continue
			}
			for c, a := range arg[:m] {
				o[c] = t.v[a]
			}
		}
	}
}

// scatter writes, for image n and channels c0.. of a block, the values v
// (shaped like the pooling's output) added up at their windows' arg-maxes
// into out (shaped like x), and zero elsewhere.
func (t *maxPoolTask[T]) scatter(n, c0 int, best []T, arg []int) {
	g := &t.g
	m := min(poolChunk, g.c-c0)
	for q := n * g.h * g.w; q < (n+1)*g.h*g.w; q++ {
		clear(t.out[q*g.c+c0 : q*g.c+c0+m])
	}
	for oy := 0; oy < g.oh; oy++ {
		for ox := 0; ox < g.ow; ox++ {
			maxPoolWindow(g, t.x, n, oy, ox, c0, best[:m], arg[:m])
			p := (n*g.oh+oy)*g.ow + ox
			vr := t.v[p*g.c+c0 : p*g.c+c0+m]
			for c, a := range arg[:m] {
				t.out[a] += vr[c]
			}
		}
	}
}

// maxPoolWindow finds, for channels c0..c0+len(best) of output pixel (n,
// oy, ox), the maximum of the window's real elements and the flat index in
// x of its first occurrence (in row-major order).
func maxPoolWindow[T tensor.Float](g *convGeom, x []T, n, oy, ox, c0 int, best []T, arg []int) {
	y0, y1 := g.rowSpan(oy)
	x0, x1 := g.colSpan(ox)
	first := true
	for iy := y0; iy < y1; iy++ {
		for ix := x0; ix < x1; ix++ {
			base := ((n*g.h+iy)*g.w+ix)*g.c + c0
			xr := x[base : base+len(best)]
			if first {
				copy(best, xr)
				for c := range arg {
					arg[c] = base + c
				}
				first = false
				continue
			}
			for c, v := range xr {
				if v > best[c] {
					best[c], arg[c] = v, base+c
				}
			}
		}
	}
}
