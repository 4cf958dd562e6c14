package graph

import (
	"fmt"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// conv2DOp is a 2-D convolution (a cross-correlation, as in every deep
// learning framework) of an NHWC input with an HWIO kernel.
type conv2DOp struct{ o Conv2DOptions }

// Conv2D returns the 2-D convolution of x, of shape (batch, height, width,
// channels), with kernel, of shape (kh, kw, channels/groups, filters), as
// Keras's Conv2D computes it (without bias): output pixel (b, y, x, f) is
// the sum over taps (i, j) and the channels c of f's group of
// x[b, y·sh - padT + i·dh, x·sw - padL + j·dw, c]·kernel[i, j, c, f], with
// taps in the padding reading zero. The output has shape (batch, oh, ow,
// filters); see [Conv2DOptions] for the strides, padding, dilation and
// groups. The batch (and image size) may be Unknown when the graph is
// built. It runs as im2col blocks and matrix products on all cores.
func Conv2D(x, kernel *Node, opts Conv2DOptions) *Node {
	return graphOf(x, kernel).AddNode(conv2DOp{o: opts}, "Conv2D", x, kernel)
}

func (conv2DOp) Type() string { return "Conv2D" }

// conv2DGeom checks an input of static shape x and a kernel of shape k
// against the options and returns the geometry (with Unknown sizes where
// x has them).
func conv2DGeom(o Conv2DOptions, x, k tensor.Shape) (Conv2DOptions, convGeom, error) {
	o, err := o.norm()
	if err != nil {
		return o, convGeom{}, err
	}
	if len(k) != 4 || !isKnown(k) {
		return o, convGeom{}, fmt.Errorf("kernel must have a known shape of rank 4 (kh, kw, in/groups, out), got %s", formatShape(k))
	}
	if k[3]%o.Groups != 0 {
		return o, convGeom{}, fmt.Errorf("the kernel's %d filters are not a multiple of groups %d", k[3], o.Groups)
	}
	g, err := newConvGeom(o, x, k[0], k[1], k[3])
	if err != nil {
		return o, g, err
	}
	if g.c != Unknown && g.c != k[2]*o.Groups {
		return o, g, fmt.Errorf("input of shape %s has %d channels, the kernel of shape %s wants %d·%d groups",
			formatShape(x), g.c, formatShape(k), k[2], o.Groups)
	}
	return o, g, nil
}

func (c conv2DOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	_, g, err := conv2DGeom(c.o, s[0], s[1])
	return dt, g.outShape(), err
}

func (c conv2DOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	_, g, _ := conv2DGeom(c.o, in[0].Shape(), in[1].Shape())
	switch y := out.Raw().(type) {
	case []float32:
		conv2DRun(&g, y, in[0].Float32s(), in[1].Float32s())
	case []float64:
		conv2DRun(&g, y, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: the input gradient is the transposed convolution of dy with
// the kernel and the kernel gradient the correlation of x with dy, each
// its own op (Conv2DInputGrad, Conv2DFilterGrad).
func (c conv2DOp) Gradient(n, dy *Node) ([]*Node, error) {
	x, k := n.inputs[0], n.inputs[1]
	return []*Node{conv2DInputGrad(c.o, dy, k, x), conv2DFilterGrad(c.o, x, dy, k)}, nil
}

// conv2DRun computes the convolution y of x with k: per block of output
// rows and per group, im2col and one product with the group's filters.
func conv2DRun[T tensor.Float](g *convGeom, y, x, k []T) {
	conv2DBiasRun(g, y, x, k, nil, kernels.ActNone)
}

// conv2DBiasRun computes act(conv(x, k) + bias) into y (bias nil: no
// bias), applying the bias and activation to each block of y in the
// block's GEMM (kernels.GemmBiasAct), bit-for-bit as separate passes
// would. The blocks, which write disjoint rows of y, run in parallel
// (conv_forward_blocks.go).
func conv2DBiasRun[T tensor.Float](g *convGeom, y, x, k, bias []T, act kernels.Act) {
	cg, og := g.cinG(), g.coutG()
	pixels := g.n * g.oh * g.ow
	if pixels == 0 || og == 0 {
		return
	}
	if cg == 0 {
		convBiasOnly(y, bias, act, g.cout)
		return
	}
	if g.pointwise() {
		for grp := range g.groups {
			convGemm(pixels, og, cg, x[grp*cg:], g.c, k[grp*og:], g.cout, groupBias(bias, grp*og), act, y[grp*og:], g.cout)
		}
		return
	}
	rows, total := g.parallelBlockRows(), g.n*g.oh
	blocks := (total + rows - 1) / rows
	t := convForwardTask[T]{g: *g, y: y, x: x, k: k, bias: bias, act: act, rows: rows}
	if blocks == 1 {
		t.Run(0, 1)
		return
	}
	parallel.ForCached(&convForwardTasks, blocks, 1, t)
}

// convGemm is C = act(A·B + bias) (no transposes): kernels.Gemm without a
// bias or activation, else kernels.GemmBiasAct.
func convGemm[T tensor.Float](m, n, k int, a []T, lda int, b []T, ldb int, bias []T, act kernels.Act, c []T, ldc int) {
	if bias == nil && act == kernels.ActNone {
		kernels.Gemm(false, false, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		return
	}
	kernels.GemmBiasAct(false, false, m, n, k, a, lda, b, ldb, bias, act, c, ldc)
}

// groupBias returns the bias of the group whose filters start at f0 (nil
// without a bias).
func groupBias[T tensor.Float](bias []T, f0 int) []T {
	if bias == nil {
		return nil
	}
	return bias[f0:]
}

// convBiasOnly sets y, rows of cout channels, to act(0 + bias): the
// output of a convolution over no input channels.
func convBiasOnly[T tensor.Float](y, bias []T, act kernels.Act, cout int) {
	if bias == nil {
		clear(y)
		return
	}
	var zero T
	for p := 0; p+cout <= len(y); p += cout {
		row := y[p : p+cout]
		for j := range row {
			v := zero + bias[j]
			if act == kernels.ActRelu && v < 0 {
				v = 0
			}
			row[j] = v
		}
	}
}
