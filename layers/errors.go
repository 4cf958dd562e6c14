package layers

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Error is a mistake found in one layer: its configuration, its inputs'
// shapes, or its computation. Its text starts with the layer's name and
// type: `layer "dense_1" (Dense): units must be positive, got 0`.
type Error struct {
	Layer string // the layer's name; "" if it has none yet
	Type  string // the layer's Keras class name
	Err   error
}

// Error formats the layer, its type and the problem.
func (e *Error) Error() string {
	if e.Layer == "" {
		return fmt.Sprintf("%s layer: %v", e.Type, e.Err)
	}
	return fmt.Sprintf("layer %q (%s): %v", e.Layer, e.Type, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// layerErr returns an *Error for the layer named name (possibly "") of type
// typ.
func layerErr(name, typ, format string, args ...any) error {
	return &Error{Layer: name, Type: typ, Err: fmt.Errorf(format, args...)}
}

// errorFor returns an *Error for l, or err itself when it already is an
// *Error of a layer (so that prefixes never repeat).
func errorFor(l Layer, err error) error {
	if err == nil {
		return nil
	}
	var le *Error
	if errors.As(err, &le) {
		if le.Layer == "" && le.Type == l.Type() {
			le.Layer = nameOf(l)
		}
		return err
	}
	return &Error{Layer: nameOf(l), Type: l.Type(), Err: err}
}

// Errorf returns an error about layer l, prefixed with its name and type.
// Layers use it for configuration and shape errors.
func Errorf(l Layer, format string, args ...any) error {
	return &Error{Layer: nameOf(l), Type: l.Type(), Err: fmt.Errorf(format, args...)}
}

// One returns the single element of in (a layer's inputs or input
// shapes), or an error naming layer l when there is not exactly one. One-
// input layers start their methods with it.
func One[T any](l Layer, in []T) (T, error) {
	if len(in) != 1 {
		var zero T
		return zero, Errorf(l, "takes one input, got %d", len(in))
	}
	return in[0], nil
}

// FormatShape formats a static shape as Keras prints shapes, with None for
// unknown dimensions: "(None, 3)", "(None,)", "()" (graph.FormatShape).
func FormatShape(s tensor.Shape) string { return graph.FormatShape(s) }

// FormatSampleShape formats a per-sample shape with Keras's None batch
// axis: "(None, 4)"; a scalar sample prints as "(None,)".
func FormatSampleShape(s []int) string {
	return FormatShape(append(tensor.Shape{graph.Unknown}, s...))
}

// batchShape and sampleShape are the short forms used inside the package.
func batchShape(s tensor.Shape) string { return FormatShape(s) }
func sampleShape(s []int) string       { return FormatSampleShape(s) }
