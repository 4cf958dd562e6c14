package graph

import "github.com/neurite/neurite/tensor"

// leakyReluOp is x for x > 0 and alpha·x elsewhere.
type leakyReluOp struct{ alpha float64 }

// LeakyRelu returns x where x > 0 and alpha·x elsewhere, elementwise for a
// float tensor x (TensorFlow's tf.nn.leaky_relu kernel). alpha must be
// finite; Keras's LeakyReLU layer uses 0.3 by default, tf.nn.leaky_relu
// 0.2.
func LeakyRelu(x *Node, alpha float64) *Node {
	return graphOf(x).AddNode(leakyReluOp{alpha: alpha}, "", x)
}

func (leakyReluOp) Type() string { return "LeakyRelu" }

func (o leakyReluOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := actCheckFinite("alpha", o.alpha); err != nil {
		return 0, nil, err
	}
	return inferUnaryFloat(d, s)
}

func (o leakyReluOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	actMap(actFn{kind: actLeakyRelu, alpha: o.alpha}, out, in[0])
}

// Gradient: 1 where x > 0 and alpha elsewhere (alpha at the kink x = 0),
// applied by the fused op reluGrad.
func (o leakyReluOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{reluGrad(o.alpha, n.inputs[0], dy)}, nil
}
