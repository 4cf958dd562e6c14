package graph

import (
	"math"

	"github.com/neurite/neurite/internal/parallel"
)

// A fast path of MaxPool2D and its gradient for the most common pooling:
// 2×2 windows at stride 2 lying wholly inside a float32 input (Keras's
// MaxPooling2D default with "valid" padding, or "same" on even sizes).
// Each window reads four channel vectors, and the kernels run over the
// channels with branch-free selects (the comparisons are of floats, the
// selected values integers, which the compiler turns into conditional
// moves; branches on random signs mispredict half the time): the maximum is the first of the
// four in row-major order that no later one exceeds, exactly as
// maxPoolWindow finds it, so the results are bit-for-bit those of the
// general kernels. The gradient writes each input element once (the
// windows do not overlap), with the ReLU gradient mask optionally fused in
// (see fuse_pool.go).

// pool2x2 reports whether the fast path applies to geometry g.
func (g *convGeom) pool2x2() bool {
	return g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.padT == 0 && g.padL == 0 &&
		2*g.oh <= g.h && 2*g.ow <= g.w
}

// maxPool2x2Task runs the fast path over output rows (image, oy): the
// forward pass (dx nil) writes y from x; the backward pass writes dx, the
// input gradient, from x and dy, multiplying by alpha where the window's
// maximum is not positive when mask is set (the fused ReluGrad).
type maxPool2x2Task struct {
	g      convGeom
	x, y   []float32
	dy, dx []float32
	mask   bool
	alpha  float32
}

var maxPool2x2Tasks parallel.TaskCache

// maxPool2x2Run runs t over every output row, on all cores.
func maxPool2x2Run(t maxPool2x2Task) {
	g := &t.g
	rows := g.n * g.oh
	if rows == 0 || g.c == 0 {
		if t.dx != nil {
			clear(t.dx)
		}
		return
	}
	grain := max(1, poolGrain/max(1, 4*g.ow*g.c))
	if rows <= grain {
		t.Run(0, rows)
		return
	}
	parallel.ForCached(&maxPool2x2Tasks, rows, grain, t)
}

func (t *maxPool2x2Task) Run(lo, hi int) {
	g := &t.g
	c, rowLen := g.c, g.w*g.c
	for r := lo; r < hi; r++ {
		n, oy := r/g.oh, r%g.oh
		in := (n*g.h + 2*oy) * rowLen
		r0, r1 := t.x[in:in+rowLen], t.x[in+rowLen:in+2*rowLen]
		o := r * g.ow * c
		if t.dx == nil {
			maxPool2x2Row(t.y[o:o+g.ow*c], r0, r1, c)
			continue
		}
		d0, d1 := t.dx[in:in+rowLen], t.dx[in+rowLen:in+2*rowLen]
		maxPool2x2GradRow(d0, d1, r0, r1, t.dy[o:o+g.ow*c], c, t.mask, t.alpha)
		if oy == g.oh-1 { // input rows below the last window get no gradient
			clear(t.dx[in+2*rowLen : (n+1)*g.h*rowLen])
		}
	}
}

// maxPool2x2Row writes to y (ow pixels of c channels) the maxima of the
// 2×2 windows over the input rows r0 and r1.
func maxPool2x2Row(y, r0, r1 []float32, c int) {
	for p := 0; p < len(y); p += c {
		a, b := r0[2*p:2*p+c], r0[2*p+c:2*p+2*c]
		d, e := r1[2*p:2*p+c], r1[2*p+c:2*p+2*c]
		out := y[p : p+c]
		a, b, d, e = a[:len(out)], b[:len(out)], d[:len(out)], e[:len(out)]
		for i := range out {
			// The first of the four that no later one exceeds (a NaN
			// never replaces, as in maxPoolWindow): float comparisons,
			// integer selects of precomputed bits (conditional moves).
			k := math.Float32bits(a[i])
			kb, kd, ke := math.Float32bits(b[i]), math.Float32bits(d[i]), math.Float32bits(e[i])
			if b[i] > a[i] {
				k = kb
			}
			if d[i] > math.Float32frombits(k) {
				k = kd
			}
			if e[i] > math.Float32frombits(k) {
				k = ke
			}
			out[i] = math.Float32frombits(k)
		}
	}
}

// maxPool2x2GradRow writes to the input-gradient rows d0 and d1 the
// output gradients dy (ow pixels of c channels) at their windows' maxima
// in the input rows r0 and r1, zero elsewhere (including a last column no
// window covers). With mask, a gradient whose window maximum is not
// positive is multiplied by alpha (ReluGrad of the pooled ReLU output;
// alpha ≥ 0, so the zeros stay +0 as ReluGrad leaves them).
func maxPool2x2GradRow(d0, d1, r0, r1, dy []float32, c int, mask bool, alpha float32) {
	if !mask {
		alpha = 1 // 1·g is g
	}
	for p := 0; p < len(dy); p += c {
		a, b := r0[2*p:2*p+c], r0[2*p+c:2*p+2*c]
		d, e := r1[2*p:2*p+c], r1[2*p+c:2*p+2*c]
		da, db := d0[2*p:2*p+c], d0[2*p+c:2*p+2*c]
		dd, de := d1[2*p:2*p+c], d1[2*p+c:2*p+2*c]
		g := dy[p : p+c]
		a, b, d, e = a[:len(g)], b[:len(g)], d[:len(g)], e[:len(g)]
		da, db, dd, de = da[:len(g)], db[:len(g)], dd[:len(g)], de[:len(g)]
		for i := range g {
			// The maximum as in maxPool2x2Row, and its position k.
			mb, k := math.Float32bits(a[i]), 0
			kb, kd, ke := math.Float32bits(b[i]), math.Float32bits(d[i]), math.Float32bits(e[i])
			if b[i] > a[i] {
				mb, k = kb, 1
			}
			if d[i] > math.Float32frombits(mb) {
				mb, k = kd, 2
			}
			if e[i] > math.Float32frombits(mb) {
				mb, k = ke, 3
			}
			m := math.Float32frombits(mb)
			gb, sb := math.Float32bits(g[i]), math.Float32bits(alpha*g[i])
			if !(m > 0) {
				gb = sb
			}
			var wa, wb, wd, we uint32
			if k == 0 {
				wa = gb
			}
			if k == 1 {
				wb = gb
			}
			if k == 2 {
				wd = gb
			}
			if k == 3 {
				we = gb
			}
			da[i], db[i] = math.Float32frombits(wa), math.Float32frombits(wb)
			dd[i], de[i] = math.Float32frombits(wd), math.Float32frombits(we)
		}
	}
	if w := 2 * len(dy); w < len(d0) {
		clear(d0[w:])
		clear(d1[w:])
	}
}
