package graph

import "github.com/neurite/neurite/tensor"

// maxPool2DGatherOp picks, for each window of MaxPool2D over x, the
// element of v (shaped like x) at the window's arg-max: the adjoint of
// MaxPool2DGrad, so that max pooling can be differentiated twice.
type maxPool2DGatherOp struct{ o Pool2DOptions }

func maxPool2DGather(o Pool2DOptions, x, v *Node) *Node {
	return graphOf(x, v).AddNode(maxPool2DGatherOp{o: o}, "MaxPool2DGather", x, v)
}

func (maxPool2DGatherOp) Type() string { return "MaxPool2DGather" }

func (m maxPool2DGatherOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	dt, sh, err := inferFloatPair(d, s)
	if err != nil {
		return 0, nil, err
	}
	g, err := poolGeom(m.o, sh)
	return dt, g.outShape(), err
}

func (m maxPool2DGatherOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	g, _ := poolGeom(m.o, in[0].Shape())
	switch y := out.Raw().(type) {
	case []float32:
		maxPoolRun(&g, maxPoolGather, y, in[0].Float32s(), in[1].Float32s())
	case []float64:
		maxPoolRun(&g, maxPoolGather, y, in[0].Float64s(), in[1].Float64s())
	}
}

// Gradient: linear in v with adjoint MaxPool2DGrad; x gets none, as in
// MaxPool2DGrad.
func (m maxPool2DGatherOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{nil, maxPool2DGrad(m.o, n.inputs[0], g)}, nil
}
