package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// rnnSequencer is a cell that can run a whole sequence as one op instead
// of unrolled steps (see rnnUnroll).
type rnnSequencer interface {
	// hasSequence reports whether the cell has a sequence op for its
	// activations (with or without dropout).
	hasSequence() bool
	// sequence returns the layer's outputs for the sequence x (batch,
	// steps, features) from the state (nil: zeros), with the recurrent
	// dropout mask hMask (batch, units) and the mask of the steps
	// (batch, steps) (nil: none; see sequenceMask).
	sequence(c rnnConfig, x *graph.Node, state []*graph.Node, hMask, mask *graph.Node) []*graph.Node
}

// hasSequence reports whether the activations are the defaults, which
// LSTMSequence computes, with or without recurrent dropout.
func (c *lstmCell) hasSequence() bool { return c.fused }

// sequence runs the fused LSTM over the whole sequence as one
// graph.LSTMSequence op, which computes each step's input projection and
// recurrence in one loop, each core taking its own rows of the batch for
// every step (see graph/rnn_sequence.go). x goes in time-major (one
// transposed copy), its steps reversed with GoBackwards. Without
// ReturnSequences only the last state is read from the op's output, so
// the gradient loop starts from it alone.
func (c *lstmCell) sequence(cfg rnnConfig, x *graph.Node, state []*graph.Node, hMask, mask *graph.Node) []*graph.Node {
	steps, features, u := x.Shape()[1], x.Shape()[2], c.units
	var s0, maskT *graph.Node
	if state != nil {
		s0 = state[0]
	}
	if mask != nil {
		maskT = timeMajor(mask, cfg.goBackwards) // (steps, batch), in the order the steps run
	}
	y := graph.LSTMSequenceMasked(graph.Reshape(timeMajor(x, cfg.goBackwards), -1, features), c.w, c.u, c.b, s0, hMask, maskT, steps)
	var out, last *graph.Node
	if cfg.returnSequences {
		states := graph.Slice(y, 0, 0, steps) // (steps, batch, 2u)
		hs := graph.Slice(states, 2, 0, u)
		if maskT != nil && cfg.zeroOutputForMask { // a skipped step outputs zeros
			hs = graph.Mul(hs, graph.Reshape(maskT, steps, -1, 1))
		}
		out = graph.Transpose(hs, 1, 0, 2)
		last = graph.Reshape(graph.Slice(states, 0, steps-1, steps), -1, 2*u)
	} else {
		last = graph.Reshape(graph.Slice(y, 0, steps-1, steps), -1, 2*u)
		out = c.output([]*graph.Node{last})
		if maskT != nil && cfg.zeroOutputForMask {
			out = graph.Mul(out, graph.Reshape(graph.Slice(maskT, 0, steps-1, steps), -1, 1))
		}
	}
	outs := []*graph.Node{out}
	if cfg.returnState {
		outs = append(outs, c.states([]*graph.Node{last})...)
	}
	return outs
}

// timeMajor returns the sequence x (batch, steps, features) as (steps,
// batch, features), or a mask (batch, steps) as (steps, batch), its steps
// in reverse order if backwards (Keras's go_backwards: the layer then
// processes, and returns, the steps last to first).
func timeMajor(x *graph.Node, backwards bool) *graph.Node {
	perm := []int{1, 0, 2}[:len(x.Shape())]
	xt := graph.Transpose(x, perm...)
	if !backwards {
		return xt
	}
	steps := x.Shape()[1]
	rev := make([]int64, steps)
	for i := range rev {
		rev[i] = int64(steps - 1 - i)
	}
	return graph.Gather(xt, x.Graph().Const(tensor.FromSlice(rev, steps)), 0)
}
