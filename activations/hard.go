package activations

import "github.com/neurite/neurite/graph"

// HardSigmoid is Keras 3's hard_sigmoid: relu6(x + 3) / 6, that is 0 for
// x ≤ −3, 1 for x ≥ 3 and x/6 + 1/2 between (Keras 2 used the slope 0.2
// instead). The gradient is 1/6 strictly between −3 and 3 and 0 elsewhere.
func HardSigmoid(x *graph.Node) *graph.Node {
	g := x.Graph()
	return graph.Div(Relu6(graph.Add(x, g.Scalar(3))), g.Scalar(6))
}

// HardSilu is Keras's hard_silu, also named hard_swish: x·hard_sigmoid(x),
// that is 0 for x ≤ −3, x for x ≥ 3 and x·(x + 3)/6 between.
func HardSilu(x *graph.Node) *graph.Node { return graph.Mul(x, HardSigmoid(x)) }
