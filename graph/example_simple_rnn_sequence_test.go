package graph_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// A SimpleRNN of one unit over three time steps of a batch of one, the
// recurrence as one op: h_t = tanh(x_t·W + h_{t-1}·U + b).
func ExampleSimpleRNNSequence() {
	g := graph.New()
	const steps = 3
	x := g.Const(tensor.FromSlice([]float32{1, 0.5, -1}, steps, 1)) // time-major (steps·batch, features)
	w := g.Const(tensor.FromSlice([]float32{0.5}, 1, 1))
	u := g.Const(tensor.FromSlice([]float32{0.8}, 1, 1))
	b := g.Const(tensor.FromSlice([]float32{0.1}, 1))
	h := graph.SimpleRNNSequence(x, w, u, b, nil, steps) // (steps, batch, units)
	out, err := graph.NewSession(g).Run(nil, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", out[0].Float32s())
	// Output:
	// [0.5370 0.6525 0.1214]
}
