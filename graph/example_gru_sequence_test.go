package graph_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// A GRU of one unit (Keras's default reset_after=True) over three time
// steps of a batch of one, with the recurrence as one op: the states h
// after each step are the first three matrices of its output, the
// activated gates [z | r | hh] of each step the next nine.
func ExampleGRUSequence() {
	g := graph.New()
	const steps = 3
	// The inputs of every step, time-major: (steps·batch, features).
	x := g.Const(tensor.FromSlice([]float32{1, 0.5, -1}, steps, 1))
	// Kernel and recurrent kernel in Keras's gate order z, r, h; the bias
	// as Keras stores it with reset_after=True: the input bias, then the
	// recurrent bias.
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9}, 1, 3))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3}, 1, 3))
	b := g.Const(tensor.FromSlice([]float32{0, 0, 0, 0, 0, 0.1}, 2, 3))
	y := graph.GRUSequence(x, w, u, b, nil, steps, true) // zero initial state
	states := graph.Slice(y, 0, 0, steps)                // (steps, batch, units)
	gates := graph.Slice(y, 0, steps, 4*steps)           // (3·steps, batch, units)
	out, err := graph.NewSession(g).Run(nil, states, gates)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, a := out[0].Float32s(), out[1].Float32s()
	for t := range steps {
		fmt.Printf("step %d: z = %.4f, r = %.4f, hh = %.4f, h = %.4f\n", t, a[3*t], a[3*t+1], a[3*t+2], h[t])
	}
	// Output:
	// step 0: z = 0.6225, r = 0.5987, hh = 0.7442, h = 0.2810
	// step 1: z = 0.5691, r = 0.5637, hh = 0.5034, h = 0.3768
	// step 2: z = 0.3864, r = 0.4195, hh = -0.6699, h = -0.2654
}

// Keras's recurrent dropout inside the GRU: the mask (batch, units), drawn
// once per run (here by hand: 0 drops the unit, 2 keeps it, scaled by
// 1/(1−0.5)), multiplies h in every step's recurrent product, while the
// mix z·h + (1 − z)·hh reads h itself. Two samples with the same inputs:
// the first, whose mask is 0, never sees h through U.
func ExampleGRUSequenceRecurrentDropout() {
	g := graph.New()
	const steps, batch = 3, 2
	// The inputs of every step, time-major: (steps·batch, features).
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9}, 1, 3))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3}, 1, 3))
	b := g.Const(tensor.FromSlice([]float32{0, 0, 0, 0, 0, 0.1}, 2, 3))
	mask := g.Const(tensor.FromSlice([]float32{0, 2}, batch, 1))
	y := graph.GRUSequenceRecurrentDropout(x, w, u, b, nil, mask, steps, true)
	out, err := graph.NewSession(g).Run(nil, graph.Slice(y, 0, 0, steps))
	if err != nil {
		fmt.Println(err)
		return
	}
	h := out[0].Float32s()
	for t := range steps {
		fmt.Printf("step %d: h = %.4f (mask 0), %.4f (mask 2)\n", t, h[t*batch], h[t*batch+1])
	}
	// Output:
	// step 0: h = 0.2810 (mask 0), 0.2810 (mask 2)
	// step 1: h = 0.3620 (mask 0), 0.3911 (mask 2)
	// step 2: h = -0.2967 (mask 0), -0.2297 (mask 2)
}

// Keras's mask of the steps (time-major: (steps, batch)), 1 for the steps
// to use and 0 for those to skip: two samples with the same inputs, the
// second of which skips step 1, where its state stays what step 0 left.
func ExampleGRUSequenceMasked() {
	g := graph.New()
	const steps, batch = 3, 2
	x := g.Const(tensor.FromSlice([]float32{1, 1, 0.5, 0.5, -1, -1}, steps*batch, 1))
	w := g.Const(tensor.FromSlice([]float32{0.5, 0.4, 0.9}, 1, 3))
	u := g.Const(tensor.FromSlice([]float32{0.1, 0.2, 0.3}, 1, 3))
	b := g.Const(tensor.FromSlice([]float32{0, 0, 0, 0, 0, 0.1}, 2, 3))
	mask := g.Const(tensor.FromSlice([]float32{1, 1, 1, 0, 1, 1}, steps, batch))
	y := graph.GRUSequenceMasked(x, w, u, b, nil, nil, mask, steps, true)
	out, err := graph.NewSession(g).Run(nil, graph.Slice(y, 0, 0, steps))
	if err != nil {
		fmt.Println(err)
		return
	}
	h := out[0].Float32s()
	for t := range steps {
		fmt.Printf("step %d: h = %.4f (every step), %.4f (step 1 skipped)\n", t, h[t*batch], h[t*batch+1])
	}
	// Output:
	// step 0: h = 0.2810 (every step), 0.2810 (step 1 skipped)
	// step 1: h = 0.3768 (every step), 0.2810 (step 1 skipped)
	// step 2: h = -0.2654 (every step), -0.3090 (step 1 skipped)
}
