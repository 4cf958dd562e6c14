// Package layers holds the building blocks of Keras-style models — Dense,
// Activation, Dropout, Flatten, the merge layers (Add, Concatenate, …) —
// the layer contract that every layer follows, and the functional API's
// symbolic tensors ([Input], [Call]).
//
// A layer's exported fields are its configuration (Keras's get_config); the
// zero value of each field is Keras's default.
//
// # The layer contract
//
// A layer is a struct that embeds [Base] and implements [Layer]. It is used
// in two steps. Build creates its weights once the per-sample shapes of its
// inputs are known (through [Context.AddWeight]); it runs once per layer
// instance, however many models or calls use the layer. Call adds the
// layer's computation to a graph: a model calls every layer once for its
// training pass ([Context.Training] true: Dropout is active, updates such as
// moving statistics are registered with [Context.AddUpdate]) and once for
// inference, each time in a graph of its own. The weights are not graph
// nodes but values that every graph binds ([Context.Var]): a layer called
// twice, or used by two models, has one set of weights.
//
// A layer takes a list of inputs and returns a list of outputs. One-input,
// one-output layers read their input with [One] and return
// []*graph.Node{y}; see Dense for the pattern to copy.
//
// # Masks
//
// Masks travel with the tensors, as Keras propagates them: Embedding with
// MaskZero and Masking make one; a layer passes it on by implementing
// [MaskSupporter] (one method, for per-step layers such as Dense) or
// computes its outputs' masks with [MaskComputer]; Call reads the masks of
// its inputs with [Context.Masks]. A mask that reaches a layer that does
// neither stops there, as in Keras 3. See mask.go for the rules.
package layers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Layer is one stage of a model. To write a new layer, copy Dense: a struct
// whose fields are its configuration, that embeds Base, plus these methods.
type Layer interface {
	// Type returns the Keras class name, such as "Dense"; models derive
	// default layer names from it ("dense", "dense_1", …).
	Type() string
	// OutputShapes returns the per-sample output shapes (batch axis
	// excluded) for per-sample input shapes, or an error saying why the
	// inputs do not fit. It must not depend on the layer being built.
	OutputShapes(in []tensor.Shape) ([]tensor.Shape, error)
	// Build checks the configuration against the per-sample input shapes
	// and creates the layer's weights with ctx.AddWeight. The framework
	// calls it once per layer instance, before the first Call.
	Build(ctx *Context, in []tensor.Shape) error
	// Call adds the layer's computation on its inputs, whose first axis is
	// the batch, to ctx.Graph and returns its outputs, one per shape of
	// OutputShapes. Weights are read with ctx.Var.
	Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error)
	// Weights returns the layer's weights once built (nil before), in the
	// order they were added. Base implements it.
	Weights() []*Weight
	// LayerBase returns the embedded Base, which holds what the framework
	// keeps of every layer (its name in models, whether it is built, its
	// weights). Base implements it.
	LayerBase() *Base
}

// Named is implemented by layers that carry a user-chosen name (the Name
// field of the built-in layers). An empty name lets the model choose one.
type Named interface {
	LayerName() string
}

// InputShaped is implemented by layers that can declare the input shape of
// a Sequential model (the InputShape field of the built-in layers, Keras's
// input_shape).
type InputShaped interface {
	DeclaredInputShape() []int
}

// Validator is implemented by layers that can check their configuration
// before any input is known (Units must be positive, the activation name
// must exist, …); models call it when a layer is added, so that a mistake
// is reported there rather than at the first Fit.
type Validator interface {
	Validate() error
}

// Base is embedded in every layer: it keeps the name the layer has in
// models, whether it is built and for which input shapes, and its weights.
// Its zero value is an unbuilt, unnamed layer.
type Base struct {
	name        string
	built       bool
	inputShapes []tensor.Shape
	weights     []*Weight
	calls       int // symbolic calls so far (layers.Call)
}

// LayerBase returns b.
func (b *Base) LayerBase() *Base { return b }

// Weights returns the weights created by Build, in order (nil before).
func (b *Base) Weights() []*Weight { return b.weights }

// Built reports whether Build has run.
func (b *Base) Built() bool { return b.built }

// UniqueName returns the layer's name in models ("dense_1"): its Name
// field, or a name derived from its type by the first model that used it.
// It is "" until a model names the layer.
func (b *Base) UniqueName() string { return b.name }

// InputShapes returns the per-sample input shapes the layer was built for.
func (b *Base) InputShapes() []tensor.Shape { return b.inputShapes }

// SetUniqueName gives the layer its name in models. Models call it when
// they first use the layer; a name, once set, does not change.
func (b *Base) SetUniqueName(name string) {
	if b.name == "" {
		b.name = name
	}
}

// nameOf returns the name to use for l in messages: its name in models,
// else its Name field, else "".
func nameOf(l Layer) string {
	if n := l.LayerBase().name; n != "" {
		return n
	}
	if n, ok := l.(Named); ok {
		return n.LayerName()
	}
	return ""
}

// Describe names a layer for error messages: `layer "dense_1" (Dense)`, or
// `Dense layer` when it has no name yet.
func Describe(l Layer) string {
	if name := nameOf(l); name != "" {
		return fmt.Sprintf("layer %q (%s)", name, l.Type())
	}
	return l.Type() + " layer"
}
