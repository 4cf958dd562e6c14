package layers

import "github.com/neurite/neurite/graph"

// This file holds how the merge layers combine the masks of their inputs
// (see mask.go), as Keras's Merge.compute_mask and
// Concatenate.compute_mask do.

// mergeMask is the mask of an elementwise merge: the union (logical or) of
// the inputs' masks when every input has one, else no mask.
func mergeMask(masks []*graph.Node) []*graph.Node {
	if len(masks) == 0 {
		return nil
	}
	out := masks[0]
	for _, m := range masks {
		if m == nil {
			return nil
		}
		if m != out {
			out = graph.Maximum(out, m)
		}
	}
	return []*graph.Node{out}
}

// ComputeMask returns the union of the inputs' masks if all have one.
func (*Add) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns the union of the inputs' masks if both have one.
func (*Subtract) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns the union of the inputs' masks if all have one.
func (*Multiply) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns the union of the inputs' masks if all have one.
func (*Average) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns the union of the inputs' masks if all have one.
func (*Maximum) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns the union of the inputs' masks if all have one.
func (*Minimum) ComputeMask(_ *Context, _, masks []*graph.Node) ([]*graph.Node, error) {
	return mergeMask(masks), nil
}

// ComputeMask returns, when any input has a mask, Keras's mask of the
// concatenation: each input's mask (all ones for an input without one,
// broadcast over the last axis when it has one axis fewer than the
// input) joined along Axis, then "any" over the last axis. Joining
// sequences along the features keeps the steps that any input keeps.
func (c *Concatenate) ComputeMask(_ *Context, in, masks []*graph.Node) ([]*graph.Node, error) {
	if !anyMask(masks) {
		return nil, nil
	}
	axis, err := c.sampleAxis(in[0].Shape().Rank() - 1)
	if err != nil {
		return nil, err
	}
	full := make([]*graph.Node, len(in))
	for i, x := range in {
		m := masks[i]
		switch {
		case m == nil:
			m = graph.OnesLike(x)
		case m.Shape().Rank() == x.Shape().Rank()-1:
			m = graph.BroadcastLike(graph.ExpandDims(graph.Cast(m, x.DType()), -1), x)
		case m.Shape().Rank() != x.Shape().Rank():
			return nil, Errorf(c, "the mask of input %d has shape %s, which does not fit the input's %s",
				i, FormatShape(m.Shape()), FormatShape(x.Shape()))
		}
		full[i] = graph.Cast(m, x.DType())
	}
	return []*graph.Node{graph.Max(graph.Concat(axis+1, full...), []int{-1}, false)}, nil
}
