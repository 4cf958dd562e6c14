package layers

import "github.com/neurite/neurite/graph"

// This file holds the masking part of the layer contract: how a layer
// makes a mask, passes it on, or reads the masks of its inputs, as Keras
// propagates masks implicitly (a KerasTensor's _keras_mask).
//
// A mask marks the entries of a tensor that count: a node in the model's
// float dtype holding 1 for an entry to use and 0 for one to skip, whose
// shape is the leading axes of the tensor it belongs to — (batch,
// timesteps) for a (batch, timesteps, features) sequence. Masks are made
// by Embedding with MaskZero and by Masking, travel along with the
// tensors between layers without being inputs, and are read by the layers
// that need them: SimpleRNN, LSTM and GRU skip masked time steps,
// GlobalAveragePooling1D leaves them out of its mean, and the trainer
// leaves the masked entries of an output out of its loss and metrics.
//
// After a layer's Call, the framework gives each output its mask, in
// Keras's order of precedence:
//
//  1. the masks Call set with [Context.SetOutputMasks] (a layer that
//     computes them along with its outputs, Keras's set_keras_mask in call);
//  2. else, for a [MaskComputer], the masks ComputeMask returns (Keras's
//     compute_mask);
//  3. else, for a [MaskSupporter] whose SupportsMasking is true, the mask of
//     the first input, given to the first output (Keras's supports_masking
//     with the default compute_mask);
//  4. else none: a mask that reaches a layer which does not support masking
//     (Flatten, Conv1D, Reshape, …) stops there, and the layers after it
//     see no mask, as in Keras 3 (which also prints a warning).
//
// A layer with one input and one output that only transforms each time step
// (Dense, Activation, Dropout, …) supports masking with one method,
// SupportsMasking returning true. Layers read the masks of their inputs
// in Call with [Context.Masks].

// MaskSupporter is implemented by layers that pass the mask of their first
// input on to their first output unchanged (Keras's supports_masking =
// True): element-wise and per-step layers such as Dense, Activation,
// Dropout and LayerNormalization.
type MaskSupporter interface {
	// SupportsMasking reports whether the layer passes its input's mask on.
	SupportsMasking() bool
}

// MaskComputer is implemented by layers that make, change or drop masks
// (Keras's compute_mask): Embedding with MaskZero and Masking make one,
// a recurrent layer keeps its input's mask only with ReturnSequences, the
// merge layers combine their inputs' masks.
type MaskComputer interface {
	// ComputeMask returns the masks of the layer's outputs, one per output
	// (a nil entry, or a nil slice, for no mask), from the inputs given to
	// Call and their masks (one per input, nil entries for inputs without
	// one; masks is nil when no input has one). It runs after Call, with
	// the same Context.
	ComputeMask(ctx *Context, in, masks []*graph.Node) ([]*graph.Node, error)
}

// Masks returns the masks of the layer's inputs in Call, one per input (a
// nil entry for an input without a mask), or nil when no input has one.
func (c *Context) Masks() []*graph.Node { return c.masks }

// InputMask returns the mask of input i in Call, or nil if it has none.
func (c *Context) InputMask(i int) *graph.Node {
	if i < 0 || i >= len(c.masks) {
		return nil
	}
	return c.masks[i]
}

// SetOutputMasks sets the masks of the layer's outputs from Call, one per
// output (nil entries for none), when the layer computes them along with
// its outputs (Masking, a model nested in a model). They take the place of
// ComputeMask and of the mask SupportsMasking passes on.
func (c *Context) SetOutputMasks(masks ...*graph.Node) {
	c.outMasks, c.outMasksSet = append([]*graph.Node{}, masks...), true
}

// CallLayerMasked is CallLayer for inputs with masks (one per input, nil
// entries or a nil slice for none): the layer reads them with
// [Context.Masks], and the masks of its outputs are returned, one per output
// (nil entries for none; see the top of mask.go for how they are chosen).
func CallLayerMasked(s *Scope, l Layer, in, masks []*graph.Node) (out, outMasks []*graph.Node, err error) {
	if masks != nil && len(masks) != len(in) {
		return nil, nil, Errorf(l, "got %d masks for %d inputs", len(masks), len(in))
	}
	if !anyMask(masks) {
		masks = nil
	}
	ctx, out, err := callLayer(s, l, in, masks)
	if err != nil {
		return nil, nil, err
	}
	outMasks, err = outputMasks(ctx, l, in, out)
	if err != nil {
		return nil, nil, errorFor(l, err)
	}
	return out, outMasks, nil
}

// outputMasks returns the masks of l's outputs after its Call in ctx, one
// per output, checked.
func outputMasks(ctx *Context, l Layer, in, out []*graph.Node) ([]*graph.Node, error) {
	var ms []*graph.Node
	switch mc, isComputer := l.(MaskComputer); {
	case ctx.outMasksSet:
		ms = ctx.outMasks
	case isComputer:
		var err error
		ms, err = computeMaskScoped(ctx, mc, in)
		if err != nil {
			return nil, err
		}
	case supportsMasking(l) && ctx.InputMask(0) != nil:
		ms = []*graph.Node{ctx.InputMask(0)}
	}
	if len(ms) > len(out) {
		return nil, Errorf(l, "gave %d output masks for %d outputs", len(ms), len(out))
	}
	res := make([]*graph.Node, len(out))
	for i, m := range ms {
		if m == nil {
			continue
		}
		if m.Graph() != ctx.Graph {
			return nil, Errorf(l, "output mask %d belongs to another graph", i)
		}
		if m.Shape().Rank() < 1 {
			return nil, Errorf(l, "output mask %d has no batch axis (shape %s)", i, FormatShape(m.Shape()))
		}
		res[i] = m
	}
	if err := ctx.Graph.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// computeMaskScoped runs ComputeMask under the layer's name scope.
func computeMaskScoped(ctx *Context, mc MaskComputer, in []*graph.Node) ([]*graph.Node, error) {
	defer ctx.Graph.NameScope(ctx.Name)()
	return mc.ComputeMask(ctx, in, ctx.masks)
}

// supportsMasking reports whether l passes its input's mask on.
func supportsMasking(l Layer) bool {
	s, ok := l.(MaskSupporter)
	return ok && s.SupportsMasking()
}

// anyMask reports whether masks holds a mask.
func anyMask(masks []*graph.Node) bool {
	for _, m := range masks {
		if m != nil {
			return true
		}
	}
	return false
}

// checkTimeMask returns an error unless mask, the mask of sequence x, has
// shape (batch, timesteps).
func checkTimeMask(l Layer, x, mask *graph.Node) error {
	if mask == nil {
		return nil
	}
	ms, xs := mask.Shape(), x.Shape()
	if ms.Rank() != 2 || xs.Rank() < 2 || (ms[1] != xs[1] && ms[1] != graph.Unknown && xs[1] != graph.Unknown) {
		return Errorf(l, "the mask must have shape (batch, timesteps) = %s, got %s",
			FormatShape(xs[:min(2, xs.Rank())]), FormatShape(ms))
	}
	return nil
}
