package layers

import "github.com/neurite/neurite/graph"

// This file holds how the recurrent layers (SimpleRNN, LSTM, GRU) take
// and pass on masks (see mask.go): the mask they use is the explicit mask
// input with Masked, else the mask the sequence carries; their output
// carries it on with ReturnSequences, and no mask otherwise (the returned
// states carry none), as Keras's RNN.compute_mask.

// rnnMask returns the mask the recurrent layer of ctx uses on its inputs
// in, or nil for none.
func rnnMask(ctx *Context, c rnnConfig, in []*graph.Node) (*graph.Node, error) {
	if c.masked {
		return in[1], nil
	}
	m := ctx.InputMask(0)
	if err := checkTimeMask(ctx.layer, in[0], m); err != nil {
		return nil, err
	}
	return m, nil
}

// rnnComputeMask returns the masks of a recurrent layer's outputs.
func rnnComputeMask(ctx *Context, c rnnConfig, in []*graph.Node) ([]*graph.Node, error) {
	if !c.returnSequences {
		return nil, nil
	}
	m, err := rnnMask(ctx, c, in)
	if err != nil || m == nil {
		return nil, err
	}
	return []*graph.Node{m}, nil
}

// ComputeMask returns the sequence's mask for the output with
// ReturnSequences, and no masks otherwise.
func (l *SimpleRNN) ComputeMask(ctx *Context, in, _ []*graph.Node) ([]*graph.Node, error) {
	return rnnComputeMask(ctx, l.config(), in)
}

// ComputeMask returns the sequence's mask for the output with
// ReturnSequences, and no masks otherwise.
func (l *LSTM) ComputeMask(ctx *Context, in, _ []*graph.Node) ([]*graph.Node, error) {
	return rnnComputeMask(ctx, l.config(), in)
}

// ComputeMask returns the sequence's mask for the output with
// ReturnSequences, and no masks otherwise.
func (l *GRU) ComputeMask(ctx *Context, in, _ []*graph.Node) ([]*graph.Node, error) {
	return rnnComputeMask(ctx, l.config(), in)
}
