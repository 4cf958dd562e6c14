package layers

import "github.com/neurite/neurite/graph"

// sequence runs a SimpleRNN with the default activation, tanh, over the
// whole sequence as one graph.SimpleRNNSequence op, each core taking its
// own rows of the batch for every step (see lstm_sequence.go, which does
// the same for the LSTM). Other activations have no sequence op.
func (c *simpleRNNCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node) []*graph.Node {
	if !c.tanh {
		return nil
	}
	steps, features := x.Shape()[1], x.Shape()[2]
	var h0 *graph.Node
	if state != nil {
		h0 = state[0]
	}
	y := graph.SimpleRNNSequence(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, h0, steps)
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
