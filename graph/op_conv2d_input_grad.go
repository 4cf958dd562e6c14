package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// conv2DInputGradOp is the gradient of Conv2D with respect to its input:
// the transposed convolution of dy with the kernel. Its third input, the
// convolution's input x, gives only its shape (and gets no gradient).
type conv2DInputGradOp struct{ o Conv2DOptions }

// conv2DInputGrad returns d(loss)/dx for y = Conv2D(x, k, o) and dy =
// d(loss)/dy.
func conv2DInputGrad(o Conv2DOptions, dy, k, x *Node) *Node {
	return graphOf(dy, k, x).AddNode(conv2DInputGradOp{o: o}, "Conv2DInputGrad", dy, k, x)
}

func (conv2DInputGradOp) Type() string { return "Conv2DInputGrad" }

func (c conv2DInputGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 3); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	_, g, err := conv2DGeom(c.o, s[2], s[1])
	if err != nil {
		return 0, nil, err
	}
	if !sameStatic(s[0], g.outShape()) {
		return 0, nil, fmt.Errorf("dy has shape %s, the convolution's output has %s", formatShape(s[0]), formatShape(g.outShape()))
	}
	out := s[2].Clone()
	if out[0] == Unknown {
		out[0] = s[0][0]
	}
	return dt, out, nil
}

func (c conv2DInputGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	_, g, _ := conv2DGeom(c.o, out.Shape(), in[1].Shape())
	switch dx := out.Raw().(type) {
	case []float32:
		conv2DInputGradRun(&g, dx, in[0].Float32s(), in[1].Float32s())
	case []float64:
		conv2DInputGradRun(&g, dx, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: the op is bilinear in (dy, k): <g, dx> = <Conv2D(g, k), dy>,
// so for upstream g, d/d(dy) = Conv2D(g, k) and d/dk is the filter
// gradient of the convolution of g against dy. x gives only its shape.
func (c conv2DInputGradOp) Gradient(n, g *Node) ([]*Node, error) {
	dy, k := n.inputs[0], n.inputs[1]
	return []*Node{Conv2D(g, k, c.o), conv2DFilterGrad(c.o, g, dy, k), nil}, nil
}

// conv2DInputGradRun computes dx from dy and k: per block of output rows
// and per group, the product dy·kᵀ gives the gradient of each window
// (im2col row), which col2im adds into dx.
func conv2DInputGradRun[T tensor.Float](g *convGeom, dx, dy, k []T) {
	cg, og, kk := g.cinG(), g.coutG(), g.colK()
	pixels := g.n * g.oh * g.ow
	if cg == 0 {
		return
	}
	if pixels == 0 || og == 0 {
		clear(dx)
		return
	}
	if g.pointwise() {
		for grp := range g.groups {
			kernels.Gemm(false, true, pixels, cg, og, 1, dy[grp*og:], g.cout, k[grp*og:], g.cout, 0, dx[grp*cg:], g.c)
		}
		return
	}
	clear(dx)
	rows, total := g.blockRows(), g.n*g.oh
	buf := scratchFor[T]().get(min(rows, total) * g.ow * kk)
	col := *buf
	for r0 := 0; r0 < total; r0 += rows {
		r1 := min(r0+rows, total)
		p0, np := r0*g.ow, (r1-r0)*g.ow
		for grp := range g.groups {
			kernels.Gemm(false, true, np, kk, og, 1, dy[p0*g.cout+grp*og:], g.cout, k[grp*og:], g.cout, 0, col, kk)
			col2im(g, dx, col, r0, r1, grp)
		}
	}
	scratchFor[T]().put(buf)
}
