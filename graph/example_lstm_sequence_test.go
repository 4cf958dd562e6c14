package graph_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// An LSTM of one unit over three time steps of a batch of one, with the
// recurrence as one op: the states [h | c] after each step are the first
// three matrices of its output.
func ExampleLSTMSequence() {
	g := graph.New()
	const steps = 3
	// The inputs of every step, time-major: (steps·batch, features).
	x := g.Const(tensor.FromSlice([]float32{1, 0.5, -1}, steps, 1))
	// Kernel, recurrent kernel and bias in Keras's gate order i, f, c, o.
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9, 0.3}, 1, 4))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3, 0.4}, 1, 4))
	b := g.Const(tensor.FromSlice([]float32{0, 1, 0, 0}, 4))
	y := graph.LSTMSequence(x, w, u, b, nil, steps) // zero initial state
	states := graph.Slice(y, 0, 0, steps)           // (steps, batch, 2·units)
	out, err := graph.NewSession(g).Run(nil, states)
	if err != nil {
		fmt.Println(err)
		return
	}
	for t, v := range out[0].Float32s() {
		if t%2 == 0 {
			fmt.Printf("step %d: h = %.4f", t/2, v)
		} else {
			fmt.Printf(", c = %.4f\n", v)
		}
	}
	// Output:
	// step 0: h = 0.2404, c = 0.4459
	// step 1: h = 0.3088, c = 0.6187
	// step 2: h = 0.0684, c = 0.1510
}
