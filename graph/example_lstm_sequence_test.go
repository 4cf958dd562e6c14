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

// Keras's recurrent dropout inside the LSTM: the mask (batch, units),
// drawn once per run (here by hand: 0 drops the unit, 2 keeps it, scaled
// by 1/(1−0.5)), multiplies h in every step's recurrent product; the
// state itself is not masked. Two samples with the same inputs: the
// first, whose mask is 0, never sees h through U.
func ExampleLSTMSequenceRecurrentDropout() {
	g := graph.New()
	const steps, batch = 3, 2
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9, 0.3}, 1, 4))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3, 0.4}, 1, 4))
	b := g.Const(tensor.FromSlice([]float32{0, 1, 0, 0}, 4))
	mask := g.Const(tensor.FromSlice([]float32{0, 2}, batch, 1))
	y := graph.LSTMSequenceRecurrentDropout(x, w, u, b, nil, mask, steps)
	out, err := graph.NewSession(g).Run(nil, graph.Slice(y, 0, 0, steps)) // [h | c] per step
	if err != nil {
		fmt.Println(err)
		return
	}
	s := out[0].Float32s()
	for t := range steps {
		fmt.Printf("step %d: h = %.4f (mask 0), %.4f (mask 2)\n", t, s[t*batch*2], s[t*batch*2+2])
	}
	// Output:
	// step 0: h = 0.2404 (mask 0), 0.2404 (mask 2)
	// step 1: h = 0.2808 (mask 0), 0.3366 (mask 2)
	// step 2: h = 0.0441 (mask 0), 0.1000 (mask 2)
}

// Keras's mask of the steps: a sample whose mask is 0 at a step keeps its
// state through it. Two samples with the same inputs, the second skipping
// step 1.
func ExampleLSTMSequenceMasked() {
	g := graph.New()
	const steps, batch = 3, 2
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9, 0.3}, 1, 4))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3, 0.4}, 1, 4))
	b := g.Const(tensor.FromSlice([]float32{0, 1, 0, 0}, 4))
	mask := g.Const(tensor.FromSlice([]float32{1, 1, 1, 0, 1, 1}, steps, batch)) // (steps, batch)
	y := graph.LSTMSequenceMasked(x, w, u, b, nil, nil, mask, steps)
	out, err := graph.NewSession(g).Run(nil, graph.Slice(y, 0, 0, steps)) // [h | c] per step
	if err != nil {
		fmt.Println(err)
		return
	}
	s := out[0].Float32s()
	for t := range steps {
		fmt.Printf("step %d: h = %.4f (every step), %.4f (step 1 skipped)\n", t, s[t*batch*2], s[t*batch*2+2])
	}
	// Output:
	// step 0: h = 0.2404 (every step), 0.2404 (step 1 skipped)
	// step 1: h = 0.3088 (every step), 0.2404 (step 1 skipped)
	// step 2: h = 0.0684 (every step), 0.0146 (step 1 skipped)
}
