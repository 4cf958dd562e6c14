package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// conv2DFilterGradOp is the gradient of Conv2D with respect to its kernel:
// the correlation of the input x with dy. Its third input, the kernel,
// gives only its shape (and gets no gradient).
type conv2DFilterGradOp struct{ o Conv2DOptions }

// conv2DFilterGrad returns d(loss)/dk for y = Conv2D(x, k, o) and dy =
// d(loss)/dy.
func conv2DFilterGrad(o Conv2DOptions, x, dy, k *Node) *Node {
	return graphOf(x, dy, k).AddNode(conv2DFilterGradOp{o: o}, "Conv2DFilterGrad", x, dy, k)
}

func (conv2DFilterGradOp) Type() string { return "Conv2DFilterGrad" }

func (c conv2DFilterGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 3); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	_, g, err := conv2DGeom(c.o, s[0], s[2])
	if err != nil {
		return 0, nil, err
	}
	if !sameStatic(s[1], g.outShape()) {
		return 0, nil, fmt.Errorf("dy has shape %s, the convolution's output has %s", formatShape(s[1]), formatShape(g.outShape()))
	}
	return dt, s[2], nil
}

func (c conv2DFilterGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	_, g, _ := conv2DGeom(c.o, in[0].Shape(), out.Shape())
	switch dk := out.Raw().(type) {
	case []float32:
		conv2DFilterGradRun(&g, dk, in[0].Float32s(), in[1].Float32s())
	case []float64:
		conv2DFilterGradRun(&g, dk, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: the op is bilinear in (x, dy): <G, dk> = <Conv2D(x, G), dy>,
// so for upstream G, d/dx is the input gradient of a convolution with
// kernel G at dy, and d/d(dy) = Conv2D(x, G). k gives only its shape.
func (c conv2DFilterGradOp) Gradient(n, g *Node) ([]*Node, error) {
	x, dy := n.inputs[0], n.inputs[1]
	return []*Node{conv2DInputGrad(c.o, dy, g, x), Conv2D(x, g, c.o), nil}, nil
}

// conv2DFilterGradRun computes dk from x and dy: per block of output rows
// and per group, im2col and the product colᵀ·dy, accumulated over the
// blocks. The product's output is small (kh·kw·cin × cout) and its inner
// dimension, the pixels, long, which a GEMM parallelises poorly, so the
// blocks are split into up to convFilterGradParts runs computed at once
// into partial sums, added in a fixed order (conv_filter_grad_parts.go):
// the result does not depend on the number of cores.
func conv2DFilterGradRun[T tensor.Float](g *convGeom, dk, x, dy []T) {
	cg, og := g.cinG(), g.coutG()
	pixels := g.n * g.oh * g.ow
	if og == 0 {
		return
	}
	if pixels == 0 || cg == 0 {
		clear(dk)
		return
	}
	if g.pointwise() {
		for grp := range g.groups {
			kernels.Gemm(true, false, cg, og, pixels, 1, x[grp*cg:], g.c, dy[grp*og:], g.cout, 0, dk[grp*og:], g.cout)
		}
		return
	}
	rows, total := g.blockRows(), g.n*g.oh
	blocks := (total + rows - 1) / rows
	parts := min(convFilterGradParts, blocks)
	if parts == 1 {
		conv2DFilterGradBlocks(g, dk, x, dy, 0, blocks)
		return
	}
	buf := scratchFor[T]().get(parts * len(dk))
	partials := *buf
	parallel.ForCached(&filterGradTasks, parts, 1, filterGradTask[T]{g: *g, partials: partials, x: x, dy: dy, blocks: blocks, parts: parts})
	copy(dk, partials[:len(dk)])
	for p := 1; p < parts; p++ {
		addTo(dk, partials[p*len(dk):(p+1)*len(dk)])
	}
	scratchFor[T]().put(buf)
}

// conv2DFilterGradBlocks writes to dk the filter gradient of the blocks
// b0..b1 of output rows (of blockRows rows each).
func conv2DFilterGradBlocks[T tensor.Float](g *convGeom, dk, x, dy []T, b0, b1 int) {
	og, kk := g.coutG(), g.colK()
	rows, total := g.blockRows(), g.n*g.oh
	buf := scratchFor[T]().get(min(rows, total) * g.ow * kk)
	col := *buf
	var beta T
	for b := b0; b < b1; b++ {
		r0 := b * rows
		r1 := min(r0+rows, total)
		p0, np := r0*g.ow, (r1-r0)*g.ow
		for grp := range g.groups {
			im2col(g, col, x, p0, np, grp)
			kernels.Gemm(true, false, kk, og, np, 1, col, kk, dy[p0*g.cout+grp*og:], g.cout, beta, dk[grp*og:], g.cout)
		}
		beta = 1
	}
	scratchFor[T]().put(buf)
}
