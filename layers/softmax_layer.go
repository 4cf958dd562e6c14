package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Softmax is Keras's Softmax layer: exp(x) / sum(exp(x)) along Axis,
// computed stably (graph.Softmax). It has no weights. Keras's optional
// mask argument and tuple axes are not supported.
type Softmax struct {
	// Axis is the axis normalised over, counted as in Keras on the whole
	// input, batch axis included: 1 is the first per-sample axis and −1
	// the last. 0, the zero value, means Keras's default, −1: a softmax
	// across the batch (Keras's axis=0) would mix samples, which no layer
	// may do. Other negative values count from the end.
	Axis int
	// Name is the layer's name; empty lets the model choose one
	// ("softmax", "softmax_1", …).
	Name string

	Base
}

// Type returns "Softmax".
func (*Softmax) Type() string { return "Softmax" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking. Unlike Keras, which adds −1e9 to the masked
// entries when the mask's shape fits the softmax axis (attention masks),
// the mask does not change the output.
func (*Softmax) SupportsMasking() bool { return true }

// LayerName returns Name.
func (s *Softmax) LayerName() string { return s.Name }

// OutputShapes returns the input's shape; the axis must exist in it.
func (s *Softmax) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	out, err := sameShape(s, func() error { return nil }, in)
	if err != nil {
		return nil, err
	}
	if _, err := s.axisOf(len(out[0]) + 1); err != nil {
		return nil, err
	}
	return out, nil
}

// Build checks the axis against the input; there are no weights.
func (s *Softmax) Build(_ *Context, in []tensor.Shape) error {
	_, err := s.OutputShapes(in)
	return err
}

// Call adds graph.Softmax(x, axis).
func (s *Softmax) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(s, in)
	if err != nil {
		return nil, err
	}
	axis, err := s.axisOf(x.Shape().Rank())
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Softmax(x, axis)}, nil
}

// axisOf returns the non-negative axis for inputs of the given rank
// (batch axis included), or an error if it is the batch axis or out of
// range.
func (s *Softmax) axisOf(rank int) (int, error) {
	axis := s.Axis
	if axis == 0 {
		axis = -1
	}
	if axis < 0 {
		axis += rank
	}
	if axis < 1 || axis >= rank {
		return 0, Errorf(s, "axis %d is not a per-sample axis of inputs of rank %d (batch included)", s.Axis, rank)
	}
	return axis, nil
}
