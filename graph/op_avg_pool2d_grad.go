package graph

import "github.com/neurite/neurite/tensor"

// avgPool2DGradOp is the gradient of AvgPool2D: each window's output
// gradient, divided by the window's count of real elements, spread over
// them. Its second input, the pooled x, gives only its shape.
type avgPool2DGradOp struct{ o Pool2DOptions }

// avgPool2DGrad returns d(loss)/dx for y = AvgPool2D(x, o) and dy =
// d(loss)/dy.
func avgPool2DGrad(o Pool2DOptions, dy, x *Node) *Node {
	return graphOf(dy, x).AddNode(avgPool2DGradOp{o: o}, "AvgPool2DGrad", dy, x)
}

func (avgPool2DGradOp) Type() string { return "AvgPool2DGrad" }

func (a avgPool2DGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	return poolGradInfer(a.o, d, s[1], s[0])
}

func (a avgPool2DGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(a.o, out.Shape())
	switch dx := out.Raw().(type) {
	case []float32:
		avgPoolRun(&g, true, dx, in[0].Float32s())
	case []float64:
		avgPoolRun(&g, true, dx, in[0].Float64s())
	}
}

// Gradient: the op is linear in dy and its adjoint is AvgPool2D itself;
// x gives only its shape.
func (a avgPool2DGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{AvgPool2D(g, a.o), nil}, nil
}
