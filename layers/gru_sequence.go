package layers

import "github.com/neurite/neurite/graph"

// hasSequence reports whether the activations are the defaults, which
// GRUSequence computes (either reset mode), with or without recurrent
// dropout.
func (c *gruCell) hasSequence() bool { return c.fused }

// masksSteps reports false: a masked GRU unrolls its steps.
func (c *gruCell) masksSteps() bool { return false }

// sequence runs the GRU over the whole sequence as one graph.GRUSequence
// op, which computes each step's input projection and recurrence in one
// loop, each core taking its own rows of the batch for every step (see
// graph/op_gru_sequence.go). x goes in time-major (one transposed copy),
// its steps reversed with GoBackwards. Without ReturnSequences only the
// last state is read from the op's output, so the gradient loop starts
// from it alone. hMask, if not nil, is the recurrent dropout mask, which
// the op applies to h in the recurrent products (as the unrolled cells
// do to hIn) and not in the mix.
func (c *gruCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node, hMask, _ *graph.Node) []*graph.Node {
	steps, features, u := x.Shape()[1], x.Shape()[2], c.units
	var h0 *graph.Node
	if state != nil {
		h0 = state[0]
	}
	y := graph.GRUSequenceRecurrentDropout(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, h0, hMask, steps, !c.resetBefore)
	var out, last *graph.Node
	if cfg.returnSequences {
		states := graph.Slice(y, 0, 0, steps) // (steps, batch, u)
		out = graph.Transpose(states, 1, 0, 2)
		last = graph.Reshape(graph.Slice(states, 0, steps-1, steps), -1, u)
	} else {
		last = graph.Reshape(graph.Slice(y, 0, steps-1, steps), -1, u)
		out = last
	}
	outs := []*graph.Node{out}
	if cfg.returnState {
		outs = append(outs, last)
	}
	return outs
}
