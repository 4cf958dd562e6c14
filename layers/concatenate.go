package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Concatenate joins its inputs along one axis, Keras's Concatenate. The
// inputs must have the same shape except along that axis.
type Concatenate struct {
	// Axis is the axis to join along, counted as Keras counts it, with the
	// batch axis as 0: 1 is the first feature axis, −1 the last. The zero
	// value means Keras's default, −1 (joining along the batch axis is not a
	// layer's job).
	Axis int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Concatenate".
func (*Concatenate) Type() string { return "Concatenate" }

// LayerName returns Name.
func (c *Concatenate) LayerName() string { return c.Name }

// sampleAxis returns the axis in per-sample shapes of the given rank.
func (c *Concatenate) sampleAxis(rank int) (int, error) {
	axis := c.Axis
	switch {
	case axis == 0:
		axis = rank - 1
	case axis < 0:
		axis += rank
	default:
		axis--
	}
	if axis < 0 || axis >= rank {
		return 0, Errorf(c, "axis %d is out of range for inputs of rank %d (batch axis included)", c.Axis, rank+1)
	}
	return axis, nil
}

// OutputShapes returns the common shape with the concatenation axis summed.
func (c *Concatenate) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	if len(in) < 2 {
		return nil, Errorf(c, "takes at least 2 inputs, got %d", len(in))
	}
	rank := len(in[0])
	axis, err := c.sampleAxis(rank)
	if err != nil {
		return nil, err
	}
	out := in[0].Clone()
	for _, s := range in[1:] {
		if len(s) != rank {
			return nil, Errorf(c, "inputs must have the same rank, got shapes %s", FormatShapes(in))
		}
		for i, d := range s {
			if i == axis {
				out[i] += d
			} else if d != out[i] {
				return nil, Errorf(c, "inputs of shapes %s cannot be joined along axis %d: they differ in axis %d",
					FormatShapes(in), axis+1, i+1)
			}
		}
	}
	return []tensor.Shape{out}, nil
}

// Build does nothing: Concatenate has no weights.
func (*Concatenate) Build(*Context, []tensor.Shape) error { return nil }

// Call joins the inputs.
func (c *Concatenate) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	axis, err := c.sampleAxis(in[0].Shape().Rank() - 1)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Concat(axis+1, in...)}, nil
}
