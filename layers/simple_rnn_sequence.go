package layers

import "github.com/neurite/neurite/graph"

// hasSequence reports whether the activation is the default, tanh, which
// SimpleRNNSequence computes, with or without recurrent dropout.
func (c *simpleRNNCell) hasSequence() bool { return c.tanh }

// masksSteps reports false: a masked SimpleRNN unrolls its steps.
func (c *simpleRNNCell) masksSteps() bool { return false }

// sequence runs the SimpleRNN over the whole sequence as one
// graph.SimpleRNNSequence op, each core taking its own rows of the batch
// for every step (see lstm_sequence.go, which does the same for the
// LSTM).
func (c *simpleRNNCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node, hMask, _ *graph.Node) []*graph.Node {
	steps, features := x.Shape()[1], x.Shape()[2]
	var h0 *graph.Node
	if state != nil {
		h0 = state[0]
	}
	y := graph.SimpleRNNSequenceRecurrentDropout(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, h0, hMask, steps)
	last := graph.Reshape(graph.Slice(y, 0, steps-1, steps), -1, c.units)
	out := last
	if cfg.returnSequences {
		out = graph.Transpose(y, 1, 0, 2)
	}
	outs := []*graph.Node{out}
	if cfg.returnState {
		outs = append(outs, last)
	}
	return outs
}
