package activations

import "github.com/neurite/neurite/graph"

// Mish is Keras's mish: x·tanh(softplus(x)) (Misra, 2019), a smooth,
// non-monotonic activation bounded below (at about −0.309) and unbounded
// above.
func Mish(x *graph.Node) *graph.Node { return graph.Mul(x, graph.Tanh(graph.Softplus(x))) }
