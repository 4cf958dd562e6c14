package layers

import "github.com/neurite/neurite/graph"

// hasSequence reports whether the activation is the default, tanh, which
// SimpleRNNSequence computes, with or without recurrent dropout.
func (c *simpleRNNCell) hasSequence() bool { return c.tanh }

// sequence runs the SimpleRNN over the whole sequence as one
// graph.SimpleRNNSequence op, each core taking its own rows of the batch
// for every step (see lstm_sequence.go, which does the same for the
// LSTM).
func (c *simpleRNNCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node, hMask, mask *graph.Node) []*graph.Node {
	steps, features := x.Shape()[1], x.Shape()[2]
	var h0, maskT *graph.Node
	if state != nil {
		h0 = state[0]
	}
	if mask != nil {
		maskT = timeMajor(mask, cfg.goBackwards) // (steps, batch), in the order the steps run
	}
	y := graph.SimpleRNNSequenceMasked(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, h0, hMask, maskT, steps)
	last := graph.Reshape(graph.Slice(y, 0, steps-1, steps), -1, c.units)
	out := last
	zero := maskT != nil && cfg.zeroOutputForMask // a skipped step outputs zeros
	switch {
	case cfg.returnSequences && zero:
		out = graph.Transpose(graph.Mul(y, graph.Reshape(maskT, steps, -1, 1)), 1, 0, 2)
	case cfg.returnSequences:
		out = graph.Transpose(y, 1, 0, 2)
	case zero:
		out = graph.Mul(last, graph.Reshape(graph.Slice(maskT, 0, steps-1, steps), -1, 1))
	}
	outs := []*graph.Node{out}
	if cfg.returnState {
		outs = append(outs, last)
	}
	return outs
}
