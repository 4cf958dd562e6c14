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

// Keras's recurrent dropout inside the SimpleRNN: the mask (batch, units)
// multiplies h in every step's recurrent product,
// h_t = tanh(x_t·W + (h_{t-1} ⊙ mask)·U + b). Two samples with the same
// inputs, masks 0 and 2.
func ExampleSimpleRNNSequenceRecurrentDropout() {
	g := graph.New()
	const steps, batch = 3, 2
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5}, 1, 1))
	u := g.Const(tensor.FromSlice([]float32{0.8}, 1, 1))
	b := g.Const(tensor.FromSlice([]float32{0.1}, 1))
	mask := g.Const(tensor.FromSlice([]float32{0, 2}, batch, 1))
	h := graph.SimpleRNNSequenceRecurrentDropout(x, w, u, b, nil, mask, steps)
	out, err := graph.NewSession(g).Run(nil, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", out[0].Float32s())
	// Output:
	// [0.5370 0.5370 0.3364 0.8365 -0.3799 0.7345]
}

// Keras's mask of the steps: a sample whose mask is 0 at a step keeps its
// h through it. Two samples with the same inputs, the second skipping
// step 1.
func ExampleSimpleRNNSequenceMasked() {
	g := graph.New()
	const steps, batch = 3, 2
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5}, 1, 1))
	u := g.Const(tensor.FromSlice([]float32{0.8}, 1, 1))
	b := g.Const(tensor.FromSlice([]float32{0.1}, 1))
	mask := g.Const(tensor.FromSlice([]float32{1, 1, 1, 0, 1, 1}, steps, batch)) // (steps, batch)
	h := graph.SimpleRNNSequenceMasked(x, w, u, b, nil, nil, mask, steps)
	out, err := graph.NewSession(g).Run(nil, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", out[0].Float32s())
	// Output:
	// [0.5370 0.5370 0.6525 0.5370 0.1214 0.0296]
}
