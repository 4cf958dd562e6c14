package graph

import (
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// avgPool2DOp is the mean over 2-D windows of an NHWC tensor.
type avgPool2DOp struct{ o Pool2DOptions }

// AvgPool2D returns, for x of shape (batch, height, width, channels), the
// mean of each channel over every window (Keras's AveragePooling2D), of
// shape (batch, oh, ow, channels); see [Pool2DOptions]. With "same"
// padding a window that overlaps the padding is divided by the number of
// its real elements only, as in TensorFlow.
func AvgPool2D(x *Node, opts Pool2DOptions) *Node {
	return graphOf(x).AddNode(avgPool2DOp{o: opts}, "AvgPool2D", x)
}

func (avgPool2DOp) Type() string { return "AvgPool2D" }

func (a avgPool2DOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return poolInfer(a.o, d, s)
}

func (a avgPool2DOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(a.o, in[0].Shape())
	switch y := out.Raw().(type) {
	case []float32:
		avgPoolRun(&g, false, y, in[0].Float32s())
	case []float64:
		avgPoolRun(&g, false, y, in[0].Float64s())
	}
}

// Gradient: each window's dy, divided by its count, goes to every real
// element of the window (AvgPool2DGrad).
func (a avgPool2DOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{avgPool2DGrad(a.o, dy, n.inputs[0])}, nil
}

// avgPoolRun computes the window means of in into out (back false), or
// (back true) the gradient out (shaped like x) of the means for the output
// gradient in, on all cores: the forward pass over output pixels, the
// gradient over input rows, each gathering from the windows that hold it.
func avgPoolRun[T tensor.Float](g *convGeom, back bool, out, in []T) {
	units, grain := g.n*g.oh*g.ow, g.poolPixelGrain()
	if back {
		units, grain = g.n*g.h, max(1, grain/max(1, g.w))
	}
	if units == 0 || g.c == 0 {
		clear(out)
		return
	}
	t := avgPoolTask[T]{g: *g, back: back, out: out, in: in}
	if units <= grain {
		t.Run(0, units)
		return
	}
	parallel.ForCached(&avgPoolTasks, units, grain, t)
}

// avgPoolTask is the parallel loop of avgPoolRun.
type avgPoolTask[T tensor.Float] struct {
	g       convGeom
	back    bool
	out, in []T
}

var avgPoolTasks parallel.TaskCache

func (t *avgPoolTask[T]) Run(lo, hi int) {
	if t.back {
		for q := lo; q < hi; q++ {
			t.gradRow(q)
		}
		return
	}
	g := &t.g
	for p := lo; p < hi; p++ {
		n, oy, ox := p/(g.oh*g.ow), p/g.ow%g.oh, p%g.ow
		y0, y1 := g.rowSpan(oy)
		x0, x1 := g.colSpan(ox)
		o := t.out[p*g.c : (p+1)*g.c]
		clear(o)
		for iy := y0; iy < y1; iy++ {
			for ix := x0; ix < x1; ix++ {
				xr := t.in[((n*g.h+iy)*g.w+ix)*g.c:]
				xr = xr[:len(o)]
				for c, v := range xr {
					o[c] += v
				}
			}
		}
		inv := 1 / T((y1-y0)*(x1-x0))
		for c := range o {
			o[c] *= inv
		}
	}
}

// gradRow computes the gradient for input row q (counted over the batch):
// each pixel sums dy/count over the windows that hold it.
func (t *avgPoolTask[T]) gradRow(q int) {
	g := &t.g
	n, iy := q/g.h, q%g.h
	oy0, oy1 := windowsHolding(iy, g.padT, g.kh, g.sh, g.oh)
	for ix := 0; ix < g.w; ix++ {
		d := t.out[(q*g.w+ix)*g.c : (q*g.w+ix+1)*g.c]
		clear(d)
		ox0, ox1 := windowsHolding(ix, g.padL, g.kw, g.sw, g.ow)
		for oy := oy0; oy < oy1; oy++ {
			r0, r1 := g.rowSpan(oy)
			for ox := ox0; ox < ox1; ox++ {
				c0, c1 := g.colSpan(ox)
				inv := 1 / T((r1-r0)*(c1-c0))
				dr := t.in[((n*g.oh+oy)*g.ow+ox)*g.c:]
				dr = dr[:len(d)]
				for c, v := range dr {
					d[c] += v * inv
				}
			}
		}
	}
}

// windowsHolding returns the range lo..hi of windows (of k elements,
// stride s, pad elements of padding before, out windows) that hold element
// i of their axis.
func windowsHolding(i, pad, k, s, out int) (lo, hi int) {
	// Window o holds i when o·s - pad <= i < o·s - pad + k.
	t := i + pad - k + 1
	lo = 0
	if t > 0 {
		lo = (t + s - 1) / s
	}
	return lo, min((i+pad)/s+1, out)
}
