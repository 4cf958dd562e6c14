package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the recurrent layers (SimpleRNN, LSTM, GRU) share:
// their common configuration, the check of their inputs, and the unrolling
// of a cell over the time steps of a sequence.
//
// A recurrent layer takes a sequence x of per-sample shape (timesteps,
// features), with known features; timesteps may be None (layers.None):
// the weights do not depend on it, and a model builds its graphs for the
// lengths of the batches it is given. In a graph the number of time
// steps is known and the sequence is unrolled, one x_t·kernel product per step (a Slice of x, then a
// MatMul; projecting all steps at once and slicing the result was
// measured no faster once the gradients of the slices were joined: the
// slices and their reshapes cost what the long product saves, see
// graph/rnn_bench_test.go), and the h·U product of
// the first step is left out when the initial state is zeros.
//
// An LSTM, GRU or SimpleRNN with the default activations and no mask in
// the call (dropout included; an LSTM, GRU or SimpleRNN from a zero state
// also with the mask its sequence carries, see sequenceMask) runs instead
// as one graph.LSTMSequence, graph.GRUSequence or graph.SimpleRNNSequence
// op (see lstm_sequence.go, gru_sequence.go and simple_rnn_sequence.go):
// the whole recurrence in one loop, each core taking its own rows of the
// batch for every step, forward and backward (GoBackwards runs it on a
// reversed copy of the steps; input dropout applies its one mask to the
// whole sequence first, recurrent dropout its mask to h inside the op). On
// the lstm_seq64_h128_b64 workload of a 2-core Zen 5 VM the unrolled steps
// ran at 3.4–3.9k samples/s on two cores (no faster than on one: each
// step's small parallel loops moved the state's rows between the cores),
// the sequence op at 6.3k. A GRU(128) on the same data and VM (Dense(10),
// Adam, TrainOnBatch) went from 4.3–4.5k samples/s unrolled to 7.2–7.6k as
// one GRUSequence op (reset_after), and from 3.4k to 6.8–7.1k
// (reset_before: unrolled, two cores ran it slower than one, at 4.0k); a
// SimpleRNN(128) from 13.8–14.5k to 22.0–23.4k.
//
// Inputs, in order: the sequence; then, if the layer's Masked field is
// set, a mask of per-sample shape (timesteps,) holding 1 for the steps to
// use and 0 for the steps to skip (Keras's mask argument); then,
// optionally, the initial states (Keras's initial_state), each of
// per-sample shape (units,): h for SimpleRNN and GRU, h and c for LSTM.
// Without Masked, the layer uses the mask the sequence carries, if any
// (from an Embedding with MaskZero or a Masking layer, see mask.go), and
// with ReturnSequences its output carries that mask on (rnn_mask.go).
//
// A masked step keeps the state of the step before it, and its output is
// the previous step's output (zeros before the first unmasked step), as
// Keras computes it; inside Bidirectional with ReturnSequences, the
// output of a masked step is zeros, as Keras forces there.

// rnnConfig is the configuration every recurrent layer shares, read from
// the layer's fields.
type rnnConfig struct {
	units                                     int
	returnSequences, returnState, goBackwards bool
	dropout, recurrentDropout                 float64
	seed                                      uint64
	masked, zeroOutputForMask                 bool
	stateful                                  bool
	nStates                                   int // states per step: 2 for LSTM, 1 otherwise
}

// rnnCell is one time step of a recurrent layer, on graph nodes bound for
// one call. A state is the cell's own representation of its states (one
// packed [h | c] node for the fused LSTM).
type rnnCell interface {
	// step returns the state after one step from x_t (batch, features),
	// already dropped out; hIn is the previous h for the recurrent
	// projection (recurrent dropout applied) and prev the previous state.
	// Both are nil when the previous state is zeros.
	step(x, hIn *graph.Node, prev []*graph.Node) []*graph.Node
	// output returns h, (batch, units), of a state.
	output(s []*graph.Node) *graph.Node
	// initial returns the state made of the layer's initial-state inputs.
	initial(in []*graph.Node) []*graph.Node
	// states returns a state as ReturnState gives it: [h] or [h, c].
	states(s []*graph.Node) []*graph.Node
}

// rnnValidate checks the shared configuration of recurrent layer l.
func rnnValidate(l Layer, c rnnConfig) error {
	if c.units <= 0 {
		return Errorf(l, "units must be positive, got %d", c.units)
	}
	if !(c.dropout >= 0 && c.dropout < 1) {
		return Errorf(l, "dropout must be in [0, 1), got %g", c.dropout)
	}
	if !(c.recurrentDropout >= 0 && c.recurrentDropout < 1) {
		return Errorf(l, "recurrent dropout must be in [0, 1), got %g", c.recurrentDropout)
	}
	return nil
}

// rnnOutputShapes checks the per-sample input shapes of recurrent layer l
// (see the top of this file) and returns its output shapes: (timesteps,
// units) with ReturnSequences, else (units,), then, with ReturnState, one
// (units,) per state.
func rnnOutputShapes(l Layer, c rnnConfig, in []tensor.Shape) ([]tensor.Shape, error) {
	if err := rnnValidate(l, c); err != nil {
		return nil, err
	}
	first := 1
	if c.masked {
		first = 2
	}
	if n := len(in); n != first && n != first+c.nStates {
		return nil, Errorf(l, "takes %d inputs (the sequence%s) or %d (with the %d initial states), got %d",
			first, maskWord(c.masked), first+c.nStates, c.nStates, n)
	}
	x := in[0]
	if len(x) != 2 || (x[0] <= 0 && x[0] != None) || x[1] <= 0 {
		return nil, Errorf(l, "needs sequences of shape (batch, timesteps, features) with known features (timesteps may be None), got %s", sampleShape(x))
	}
	if c.masked && (len(in[1]) != 1 || in[1][0] != x[0]) {
		return nil, Errorf(l, "the mask must have shape %s, got %s", sampleShape([]int{x[0]}), sampleShape(in[1]))
	}
	for i, s := range in[first:] {
		if len(s) != 1 || s[0] != c.units {
			return nil, Errorf(l, "initial state %d must have shape %s, got %s", i, sampleShape([]int{c.units}), sampleShape(s))
		}
	}
	out := []tensor.Shape{{c.units}}
	if c.returnSequences {
		out[0] = tensor.Shape{x[0], c.units}
	}
	for i := 0; c.returnState && i < c.nStates; i++ {
		out = append(out, tensor.Shape{c.units})
	}
	return out, nil
}

// maskWord describes the mask input in messages.
func maskWord(masked bool) string {
	if masked {
		return " and its mask"
	}
	return ""
}

// rnnUnroll adds the recurrence of cell over the sequence in[0] to the
// graph and returns the layer's outputs.
func rnnUnroll(ctx *Context, c rnnConfig, cell rnnCell, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	first := 1
	mask, err := rnnMask(ctx, c, in)
	if err != nil {
		return nil, err
	}
	if c.masked {
		first = 2
	}
	if mask != nil {
		mask = graph.Cast(mask, x.DType())
	}
	var state []*graph.Node
	if len(in) > first {
		state = cell.initial(in[first:])
	}
	steps, features := x.Shape()[1], x.Shape()[2]
	if steps <= 0 {
		return nil, ctx.Errorf("unrolls sequences of a known length, got shape %s: a model builds its graphs for the lengths of its batches", FormatShape(x.Shape()))
	}
	drop, err := newRNNDropout(ctx, c)
	if err != nil {
		return nil, err
	}
	if sq, ok := cell.(rnnSequencer); ok && sq.hasSequence() && sequenceMask(c, mask, state) {
		return sq.sequence(c, drop.sequence(x), state, drop.sequenceRecurrent(x, c.units), mask), nil
	}
	var hState, out *graph.Node // h of the state; last output (masked)
	if state != nil {
		hState = cell.output(state)
	}
	seq := make([]*graph.Node, 0, steps)
	for k := 0; k < steps; k++ {
		t := k
		if c.goBackwards {
			t = steps - 1 - k
		}
		xt := drop.input(graph.Reshape(graph.Slice(x, 1, t, t+1), -1, features))
		var hIn *graph.Node
		if state != nil {
			hIn = drop.recurrent(hState)
		}
		next := cell.step(xt, hIn, state)
		hNew := cell.output(next)
		if mask == nil {
			state, hState, out = next, hNew, hNew
		} else {
			m := graph.Reshape(graph.Slice(mask, 1, t, t+1), -1, 1)
			for i := range next {
				next[i] = maskBlend(m, next[i], stateAt(state, i))
			}
			state, hState = next, cell.output(next)
			if c.zeroOutputForMask {
				out = graph.Mul(m, hNew)
			} else {
				out = maskBlend(m, hNew, out)
			}
		}
		if c.returnSequences {
			seq = append(seq, graph.Reshape(out, -1, 1, c.units))
		}
	}
	y := out
	if c.returnSequences {
		y = graph.Concat(1, seq...)
	}
	outs := []*graph.Node{y}
	if c.returnState {
		outs = append(outs, cell.states(state)...)
	}
	return outs, nil
}

// sequenceMask reports whether a sequence op can run the layer's
// sequence with mask: without one, always; with one, if the mask is
// implicit (an Embedding's or a Masking layer's, which, as Keras's
// boolean masks, are not differentiated; an explicit Masked input is, so
// it unrolls) and the initial state is zeros (the output of skipped
// leading steps, zeros, then equals the kept state).
func sequenceMask(c rnnConfig, mask *graph.Node, state []*graph.Node) bool {
	return mask == nil || !c.masked && state == nil
}

// stateAt returns s[i], or nil for the zero state.
func stateAt(s []*graph.Node, i int) *graph.Node {
	if s == nil {
		return nil
	}
	return s[i]
}

// maskBlend returns m·new + (1 − m)·old for a (batch, 1) mask m of ones
// and zeros, with old nil meaning zeros.
func maskBlend(m, new, old *graph.Node) *graph.Node {
	if old == nil {
		return graph.Mul(m, new)
	}
	return graph.Add(old, graph.Mul(m, graph.Sub(new, old)))
}

// rnnDropout applies a recurrent layer's dropout masks: one mask for the
// inputs and one for the recurrent state, each drawn once per step and
// shared by all time steps and gates, as Keras's DropoutRNNCell does.
// Outside training both are the identity.
type rnnDropout struct {
	rate, recRate       float64
	seed, recSeed       uint64
	step                *graph.Node
	inMask, recMask     *graph.Node
	activeIn, activeRec bool
}

// newRNNDropout draws the seeds of the masks: c.seed and c.seed+1 if
// c.seed is set, else two draws from ctx.RNG.
func newRNNDropout(ctx *Context, c rnnConfig) (*rnnDropout, error) {
	d := &rnnDropout{rate: c.dropout, recRate: c.recurrentDropout}
	d.activeIn = ctx.Training && c.dropout > 0
	d.activeRec = ctx.Training && c.recurrentDropout > 0
	if !d.activeIn && !d.activeRec {
		return d, nil
	}
	step, err := ctx.RandomStep()
	if err != nil {
		return nil, err
	}
	d.step = step
	if c.seed != 0 {
		d.seed, d.recSeed = c.seed, c.seed+1
		return d, nil
	}
	if ctx.RNG == nil {
		return nil, ctx.Errorf("dropout needs a Seed or a context with a random generator")
	}
	d.seed, d.recSeed = ctx.RNG.Uint64(), ctx.RNG.Uint64()
	return d, nil
}

// input applies the input mask to x_t.
func (d *rnnDropout) input(x *graph.Node) *graph.Node {
	if !d.activeIn {
		return x
	}
	if d.inMask == nil {
		d.inMask = graph.Dropout(graph.OnesLike(x), d.rate, d.seed, d.step)
	}
	return graph.Mul(x, d.inMask)
}

// sequence applies the input mask to every step of the sequence x
// (batch, steps, features) at once: the mask input would apply to each
// x_t, drawn for the same (batch, features) shape, so the values are the
// same.
func (d *rnnDropout) sequence(x *graph.Node) *graph.Node {
	if !d.activeIn {
		return x
	}
	f := x.Shape()[2]
	if d.inMask == nil {
		d.inMask = graph.Dropout(graph.OnesLike(graph.Reshape(graph.Slice(x, 1, 0, 1), -1, f)), d.rate, d.seed, d.step)
	}
	return graph.Mul(x, graph.Reshape(d.inMask, -1, 1, f))
}

// sequenceRecurrent returns the recurrent mask, (batch, units), for the
// sequence x, or nil when recurrent dropout is off: the mask recurrent
// would draw for h, from ones of h's shape.
func (d *rnnDropout) sequenceRecurrent(x *graph.Node, units int) *graph.Node {
	if !d.activeRec {
		return nil
	}
	if d.recMask == nil {
		col := graph.Reshape(graph.Slice(graph.Slice(x, 1, 0, 1), 2, 0, 1), -1, 1) // (batch, 1)
		ones := graph.Mul(graph.OnesLike(col), x.Graph().Const(tensor.Ones(x.DType(), units)))
		d.recMask = graph.Dropout(ones, d.recRate, d.recSeed, d.step)
	}
	return d.recMask
}

// recurrent applies the recurrent mask to h.
func (d *rnnDropout) recurrent(h *graph.Node) *graph.Node {
	if !d.activeRec {
		return h
	}
	if d.recMask == nil {
		d.recMask = graph.Dropout(graph.OnesLike(h), d.recRate, d.recSeed, d.step)
	}
	return graph.Mul(h, d.recMask)
}
