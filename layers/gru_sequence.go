package layers

import "github.com/neurite/neurite/graph"

// hasSequence reports whether the activations are the defaults, which
// GRUSequence computes (either reset mode), with or without recurrent
// dropout.
func (c *gruCell) hasSequence() bool { return c.fused }

// sequence runs the GRU over the whole sequence as one graph.GRUSequence
// op, which computes each step's input projection and recurrence in one
// loop, each core taking its own rows of the batch for every step (see
// graph/op_gru_sequence.go). x goes in time-major (one transposed copy),
// its steps reversed with GoBackwards. Without ReturnSequences only the
// last state is read from the op's output, so the gradient loop starts
// from it alone. hMask, if not nil, is the recurrent dropout mask, which
// the op applies to h in the recurrent products (as the unrolled cells
// do to hIn) and not in the mix. mask, if not nil, is the mask of the
// steps (batch, steps), which goes in time-major and in the order the
// steps run, as x does (see lstm_sequence.go).
func (c *gruCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node, hMask, mask *graph.Node) []*graph.Node {
	steps, features, u := x.Shape()[1], x.Shape()[2], c.units
	var h0, maskT *graph.Node
	if state != nil {
		h0 = state[0]
	}
	if mask != nil {
		maskT = timeMajor(mask, cfg.goBackwards) // (steps, batch), in the order the steps run
	}
	y := graph.GRUSequenceMasked(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, h0, hMask, maskT, steps, !c.resetBefore)
	var out, last *graph.Node
	if cfg.returnSequences {
		states := graph.Slice(y, 0, 0, steps) // (steps, batch, u)
		hs := states
		if maskT != nil && cfg.zeroOutputForMask { // a skipped step outputs zeros
			hs = graph.Mul(hs, graph.Reshape(maskT, steps, -1, 1))
		}
		out = graph.Transpose(hs, 1, 0, 2)
		last = graph.Reshape(graph.Slice(states, 0, steps-1, steps), -1, u)
	} else {
		last = graph.Reshape(graph.Slice(y, 0, steps-1, steps), -1, u)
		out = last
		if maskT != nil && cfg.zeroOutputForMask {
			out = graph.Mul(out, graph.Reshape(graph.Slice(maskT, 0, steps-1, steps), -1, 1))
		}
	}
	outs := []*graph.Node{out}
	if cfg.returnState {
		outs = append(outs, last)
	}
	return outs
}
