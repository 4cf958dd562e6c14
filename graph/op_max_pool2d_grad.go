package graph

import "github.com/neurite/neurite/tensor"

// maxPool2DGradOp is the gradient of MaxPool2D: the output gradient dy
// added up at each window's arg-max in a zero tensor shaped like x.
type maxPool2DGradOp struct{ o Pool2DOptions }

// maxPool2DGrad returns d(loss)/dx for y = MaxPool2D(x, o) and dy =
// d(loss)/dy.
func maxPool2DGrad(o Pool2DOptions, x, dy *Node) *Node {
	return graphOf(x, dy).AddNode(maxPool2DGradOp{o: o}, "MaxPool2DGrad", x, dy)
}

func (maxPool2DGradOp) Type() string { return "MaxPool2DGrad" }

func (m maxPool2DGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return poolGradInfer(m.o, d, s[0], s[1])
}

func (m maxPool2DGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(m.o, in[0].Shape())
	switch dx := out.Raw().(type) {
	case []float32:
		if g.pool2x2() {
			maxPool2x2Run(maxPool2x2Task{g: g, x: in[0].Float32s(), dy: in[1].Float32s(), dx: dx})
			return
		}
		maxPoolRun(&g, maxPoolBackward, dx, in[0].Float32s(), in[1].Float32s())
	case []float64:
		maxPoolRun(&g, maxPoolBackward, dx, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: the op is linear in dy, and its adjoint gathers the upstream
// gradient at the arg-maxes (MaxPool2DGather); x only picks the arg-maxes,
// a piecewise-constant dependence that gets no gradient.
func (m maxPool2DGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{nil, maxPool2DGather(m.o, n.inputs[0], g)}, nil
}
