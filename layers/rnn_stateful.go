package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds the states a stateful recurrent layer keeps between
// batches, Keras's stateful=True: the states for the sample at index i of
// a batch become the initial states of the sample at index i of the next
// batch.
//
// As in Keras, the states are non-trainable variables of shape (batch,
// units) — h, and c for LSTM — made on the layer's first call, so the
// batch size must be fixed: the model's (an InputLayer's BatchSize) or a
// static batch dimension of the sequence. Each call starts from them
// unless initial states are given as inputs, and assigns the final states
// back after every batch of every pass, Predict and Evaluate included
// (Context.AddStateUpdate). They are not weights: Weights() leaves them
// out, so they are not trained, not counted in Summary and not saved with
// the model (Keras does not track them either); a loaded model starts from
// zeros. Masked steps keep the state, as without Stateful, and with
// GoBackwards each batch runs from its last step to its first and the
// state after its first step is kept.

// rnnStates holds a stateful recurrent layer's states; the zero value has
// none yet.
type rnnStates struct {
	ws []*Weight
}

// read returns the variables of the states for a call on sequence x,
// making the states (zeros) on the first call.
func (s *rnnStates) read(ctx *Context, c rnnConfig, x *graph.Node) ([]*graph.Node, error) {
	batch := x.Shape()[0]
	if batch == graph.Unknown {
		batch = ctx.BatchSize()
	}
	if s.ws == nil {
		if batch <= 0 {
			return nil, ctx.Errorf("is stateful, which needs a fixed batch size: declare it on the model's input (layers.InputLayer's BatchSize, layers.BatchInput), Keras's batch_size")
		}
		names := []string{"state_h", "state_c"}
		ws := make([]*Weight, c.nStates)
		for i := range ws {
			ws[i] = &Weight{Name: ctx.Name + "/" + names[i], value: tensor.New(ctx.DType, batch, c.units)}
		}
		s.ws = ws
	}
	have := s.ws[0]
	if batch > 0 && batch != have.Shape()[0] {
		return nil, ctx.Errorf("is stateful with states for batches of %d samples, called with batches of %d", have.Shape()[0], batch)
	}
	if have.DType() != ctx.DType {
		return nil, ctx.Errorf("is stateful with %v states, called in a %v model", have.DType(), ctx.DType)
	}
	vars := make([]*graph.Node, len(s.ws))
	for i, w := range s.ws {
		vars[i] = ctx.Var(w)
	}
	return vars, nil
}

// reset sets the states to zeros (nothing before the first call).
func (s *rnnStates) reset() {
	for _, w := range s.ws {
		zeroState(w)
	}
}

// values returns copies of the states: [h], or [h, c] for LSTM; nil
// before the first call.
func (s *rnnStates) values() []*tensor.Tensor {
	out := make([]*tensor.Tensor, len(s.ws))
	for i, w := range s.ws {
		out[i] = readState(w)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// rnnCall unrolls cell over the sequence in[0] as rnnUnroll does and, for
// a stateful layer, starts from the stored states (unless in holds
// initial states) and registers the final states to be stored back.
func rnnCall(ctx *Context, c rnnConfig, cell rnnCell, in []*graph.Node, s *rnnStates) ([]*graph.Node, error) {
	if !c.stateful {
		return rnnUnroll(ctx, c, cell, in)
	}
	first := 1
	if c.masked {
		first = 2
	}
	if len(in) == first {
		vars, err := s.read(ctx, c, in[0])
		if err != nil {
			return nil, err
		}
		in = append(in[:first:first], vars...)
	} else if _, err := s.read(ctx, c, in[0]); err != nil {
		return nil, err
	}
	returnState := c.returnState
	c.returnState = true
	outs, err := rnnUnroll(ctx, c, cell, in)
	if err != nil {
		return nil, err
	}
	for i, w := range s.ws {
		if err := ctx.AddStateUpdate(w, outs[1+i]); err != nil {
			return nil, err
		}
	}
	if !returnState {
		outs = outs[:1]
	}
	return outs, nil
}
